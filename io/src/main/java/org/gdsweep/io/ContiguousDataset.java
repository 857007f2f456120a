package org.gdsweep.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import io.jhdf.Constants;
import io.jhdf.ObjectHeader;
import io.jhdf.WritableDatasetImpl;
import io.jhdf.api.Group;
import io.jhdf.object.message.DataLayoutMessage.ContiguousDataLayoutMessage;
import io.jhdf.object.message.DataSpace;
import io.jhdf.object.message.Message;
import io.jhdf.storage.HdfFileChannel;

/**
 * An unfiltered dataset in HDF5's contiguous layout, written straight from flat row-major primitive arrays (one
 * after the other: a map, or the planes of a stack of maps), with the messages jhdf 0.13 writes for a contiguous
 * dataset (datatype, dataspace, no fill value, contiguous layout, attributes; object header v2).
 *
 * <p>Why not jhdf's writer: it takes the data as nested Java arrays, so a flat map had to be copied into one array per
 * row first. The default sweep's six float64 maps were 48 MB of such copies in a process that had just filled its young
 * generation with the sweep's results, and the collection they set off paused the writing thread for 12-146 ms
 * (`-Xlog:gc`; BENCHMARKS.md, session 19). Here the values go to the file through one 1 MiB buffer. As for
 * {@link FilteredDataset}, jhdf only gets an object with the dataset's type and shape ({@code typeAndShape}, values
 * unused) for the datatype and dataspace messages.
 */
final class ContiguousDataset extends WritableDatasetImpl {
    private static final int BUFFER_BYTES = 1 << 20;
    private final DataSpace space;
    private final Object[] slabs;

    /**
     * @param typeAndShape an array of the dataset's element type and shape (values unused)
     * @param slabs        primitive arrays of that element type whose values, concatenated, are the dataset's in
     *                     row-major order
     */
    ContiguousDataset(Object typeAndShape, String name, Group parent, Object... slabs) {
        super(typeAndShape, name, parent);
        this.space = DataSpace.fromObject(typeAndShape);
        this.slabs = slabs.clone();
        long values = 0;
        for (Object s : slabs) {
            if (!s.getClass().isArray() || s.getClass().getComponentType() != getJavaType())
                throw new IllegalArgumentException("a " + getJavaType() + " dataset cannot be written from " + s.getClass().getSimpleName());
            values += java.lang.reflect.Array.getLength(s);
        }
        if (values != space.getTotalLength())
            throw new IllegalArgumentException(values + " values for a dataset of " + space.getTotalLength());
    }

    @Override
    public long write(HdfFileChannel channel, long position) {
        // the layout message has the same length whatever its address and size (as in FilteredDataset)
        ContiguousDataLayoutMessage placeholder = ContiguousDataLayoutMessage.create(Constants.UNDEFINED_ADDRESS, Constants.UNDEFINED_ADDRESS);
        List<Message> messages = FilteredDataset.headerMessages(this, space, placeholder);
        long dataAddress = position + new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer().limit();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int size = getDataType().getSize(), perBuffer = BUFFER_BYTES / size;
        long address = dataAddress;
        for (Object slab : slabs) {
            int length = java.lang.reflect.Array.getLength(slab);
            for (int from = 0; from < length; from += perBuffer) {
                int n = Math.min(perBuffer, length - from);
                buffer.clear();
                switch (slab) {
                    case double[] a -> buffer.asDoubleBuffer().put(a, from, n);
                    case float[] a -> buffer.asFloatBuffer().put(a, from, n);
                    case long[] a -> buffer.asLongBuffer().put(a, from, n);
                    case int[] a -> buffer.asIntBuffer().put(a, from, n);
                    case short[] a -> buffer.asShortBuffer().put(a, from, n);
                    case byte[] a -> buffer.put(a, from, n);
                    default -> throw new IllegalArgumentException("no contiguous dataset of " + slab.getClass().getSimpleName());
                }
                buffer.position(0).limit(n * size);
                while (buffer.hasRemaining()) address += channel.write(buffer, address);
            }
        }
        messages.set(messages.indexOf(placeholder), ContiguousDataLayoutMessage.create(dataAddress, address - dataAddress));
        channel.write(new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer(), position);
        channel.position(address);
        return address;
    }
}
