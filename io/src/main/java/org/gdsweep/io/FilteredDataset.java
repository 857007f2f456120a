package org.gdsweep.io;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.jhdf.Constants;
import io.jhdf.ObjectHeader;
import io.jhdf.Utils;
import io.jhdf.WritableDatasetImpl;
import io.jhdf.api.Attribute;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.Group;
import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.dataset.chunked.indexing.ChunkImpl;
import io.jhdf.dataset.chunked.indexing.FixedArrayIndexWriter;
import io.jhdf.object.message.AttributeInfoMessage;
import io.jhdf.object.message.AttributeMessage;
import io.jhdf.object.message.DataLayoutMessage;
import io.jhdf.object.message.DataLayoutMessage.ChunkedDataLayoutMessageV4;
import io.jhdf.object.message.DataSpace;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.DataTypeMessage;
import io.jhdf.object.message.FillValueMessage;
import io.jhdf.object.message.FilterPipelineMessage;
import io.jhdf.object.message.FilterPipelineMessage.FilterInfo;
import io.jhdf.object.message.Message;
import io.jhdf.storage.HdfFileChannel;

/**
 * A chunked dataset with HDF5's shuffle (id 2) and deflate (id 1) filters whose chunks {@link ChunkFilters} computes
 * on every core; this class writes them into the file with jhdf's own message classes, in the layout jhdf 0.13 writes
 * for a chunked, filtered dataset (object header v2, version-4 chunked layout, a fixed-array chunk index, or a filtered
 * single chunk), so every HDF5 reader decodes it.
 *
 * <p>Why not jhdf's writer with filters: jhdf 0.13 first encodes the whole dataset into one buffer and copies each
 * chunk out of it, on the thread that closes the file. gdsweep already cuts its chunks straight from its own arrays,
 * so for a 4096² map (status, limit and iteration maps, 96 MB) that was 96 MB of fresh memory to fault in and two
 * copies of it on the writing thread, doing nothing (BENCHMARKS.md, session 16). Here jhdf only gets an object with
 * the dataset's type and shape ({@code typeAndShape}: it never reads its values) to write the type and space messages.
 */
final class FilteredDataset extends WritableDatasetImpl {
    private final DataSpace space;
    private final int[] chunk;
    private final int elementSize, chunkBytes, level;
    private final ChunkFilters.Compressed chunks;
    private long storedBytes = -1;

    /**
     * @param typeAndShape an array of the dataset's element type and shape (values unused)
     * @param chunk        chunk shape, of the dataset's rank
     * @param source       the chunks' bytes, in the order of {@link Utils#chunkIndexToChunkOffset}; compression of
     *                     the first ones starts now
     */
    FilteredDataset(Object typeAndShape, String name, Group parent, int[] chunk, ChunkFilters.ChunkSource source, int level) {
        this(typeAndShape, name, parent, chunk, source.elementSize(), source.chunks(), source.chunkBytes(), level,
                () -> new ChunkFilters.Chunks(source, level));
    }

    /**
     * A dataset whose chunks were shuffled and deflated at {@code level} beforehand ({@link StreamedMap}), in the order
     * of {@link Utils#chunkIndexToChunkOffset}; {@code chunkBytes} is a chunk's size before filtering.
     */
    FilteredDataset(Object typeAndShape, String name, Group parent, int[] chunk, int elementSize, int chunkCount,
                    java.util.function.IntFunction<byte[]> compressed, int chunkBytes, int level) {
        this(typeAndShape, name, parent, chunk, elementSize, chunkCount, chunkBytes, level, () -> ChunkFilters.precompressed(chunkCount, compressed));
    }

    private FilteredDataset(Object typeAndShape, String name, Group parent, int[] chunk, int chunksElementSize, int chunkCount, int chunkBytes,
                            int level, java.util.function.Supplier<ChunkFilters.Compressed> chunks) {
        super(typeAndShape, name, parent, DatasetCreationOptions.builder().chunkDimensions(chunk).build());
        this.space = DataSpace.fromObject(typeAndShape);
        this.chunk = chunk.clone();
        this.elementSize = getDataType().getSize();
        if (chunksElementSize != elementSize)
            throw new IllegalArgumentException("chunks of " + chunksElementSize + "-byte elements for a dataset of " + elementSize + "-byte elements");
        if (chunkCount != Utils.totalChunks(getDimensions(), chunk))
            throw new IllegalArgumentException(chunkCount + " chunks for a dataset of " + Utils.totalChunks(getDimensions(), chunk));
        this.chunkBytes = chunkBytes;
        this.level = level;
        this.chunks = chunks.get(); // a source's compression starts now, once the dataset is known to fit it
    }

    @Override
    public long getStorageInBytes() {
        return storedBytes >= 0 ? storedBytes : getSizeInBytes();
    }

    @Override
    public long write(HdfFileChannel channel, long position) {
        int total = chunks.count();
        // The layout message has the same encoded length whatever its address and sizes: a placeholder sizes the
        // object header, the data follows it, and the header is written again with the real message.
        DataLayoutMessage placeholder = layout(Constants.UNDEFINED_ADDRESS, 0, total);
        List<Message> messages = headerMessages(this, space, FilterPipelineMessage.create(List.of(
                new FilterInfo(2, "shuffle", false, new int[] {elementSize}),
                new FilterInfo(1, "deflate", false, new int[] {level}))), placeholder);
        long dataAddress = position + new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer().limit();

        List<Chunk> written = new ArrayList<>(total);
        int[] dimensions = getDimensions();
        long address = dataAddress;
        for (int k = 0; k < total; k++) {
            byte[] bytes = chunks.next();
            writeFully(channel, ByteBuffer.wrap(bytes), address);
            written.add(new ChunkImpl(address, bytes.length, Utils.chunkIndexToChunkOffset((long) k, chunk, dimensions)));
            address += bytes.length;
        }
        storedBytes = address - dataAddress;
        long end = address;
        DataLayoutMessage layout;
        if (total == 1) {
            layout = layout(dataAddress, Math.toIntExact(storedBytes), 1);
        } else {
            ByteBuffer index = FixedArrayIndexWriter.createFixedArray(written, address, chunkBytes, true, pageBits(total));
            end = address + index.limit();
            writeFully(channel, index, address);
            layout = layout(address, 0, total);
        }
        messages.set(messages.indexOf(placeholder), layout);
        channel.write(new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer(), position);
        channel.position(end);
        return end;
    }

    /**
     * The object header messages jhdf 0.13 writes for a dataset, in its order: datatype, dataspace, no fill value, then
     * {@code storage} (a filter pipeline and the layout, or the layout alone), then the attributes.
     */
    static List<Message> headerMessages(WritableDatasetImpl dataset, DataSpace space, Message... storage) {
        List<Message> messages = new ArrayList<>();
        messages.add(DataTypeMessage.create(dataset.getDataType()));
        messages.add(DataSpaceMessage.create(space));
        messages.add(FillValueMessage.NO_FILL);
        messages.addAll(List.of(storage));
        if (!dataset.getAttributes().isEmpty()) {
            messages.add(AttributeInfoMessage.create());
            for (Map.Entry<String, Attribute> a : dataset.getAttributes().entrySet())
                messages.add(AttributeMessage.create(a.getKey(), a.getValue()));
        }
        return messages;
    }

    /** The chunked layout: one filtered chunk of {@code size} bytes at {@code address}, or a fixed array index there. */
    private DataLayoutMessage layout(long address, int size, int total) {
        int[] dimensions = java.util.Arrays.copyOf(chunk, chunk.length + 1); // HDF5 appends the element size
        dimensions[chunk.length] = elementSize;
        return total == 1 ? ChunkedDataLayoutMessageV4.createFilteredSingleChunk(address, dimensions, size)
                : ChunkedDataLayoutMessageV4.createFixedArray(address, dimensions, pageBits(total));
    }

    /** Page bits of the fixed array: 10 (HDF5's default), more when needed so that the array is never paged (as jhdf). */
    private static int pageBits(int total) {
        return Math.max(10, 32 - Integer.numberOfLeadingZeros(total - 1));
    }

    private static void writeFully(HdfFileChannel channel, ByteBuffer buffer, long address) {
        while (buffer.hasRemaining()) address += channel.write(buffer, address);
    }
}
