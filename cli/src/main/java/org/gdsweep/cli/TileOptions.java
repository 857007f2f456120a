package org.gdsweep.cli;

import java.nio.file.Path;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options of every command that runs in tiles (map, scan, critical): which shard of a job array this process
 * computes, where the tiles go, and whether they stay after being joined. How a command cuts its work into tiles
 * (--tile-runs, --tile-starts) is its own.
 */
final class TileOptions {
    @Spec(Spec.Target.MIXEE) CommandSpec spec;
    @Option(names = "--keep-tiles", order = 97, description = "Keep the tile directory after its tiles were joined into FILE.h5.")
    boolean keepTiles;
    @Option(names = "--shard", paramLabel = "I/N|auto", order = 97,
            description = "Compute only tiles t with t mod N = I into the tile directory -o (shared by all shards; join them with gdsweep merge). auto: from the job array (SLURM_ARRAY_TASK_ID/MIN/COUNT); auto/N: also JOB_COMPLETION_INDEX (Kubernetes) or AWS_BATCH_JOB_ARRAY_INDEX.")
    String shard;
    /** Where the tiles are (gdsweep merge joins shards' tiles with this); default FILE.h5.tiles. */
    @Option(names = "--tile-directory", hidden = true)
    Path tileDirectory;

    private TiledMap.Shard parsed;

    /** This process's shard, or null without --shard (refusing --keep-tiles with one: a shard's tiles are the result). */
    TiledMap.Shard shard() {
        if (shard == null) return null;
        if (parsed == null) {
            parsed = TiledMap.Shard.parse(shard, System.getenv());
            Parse.refuseIgnored(spec, "--keep-tiles", true, "with --shard (a shard's tiles are the result)");
        }
        return parsed;
    }

    /** A shard's tile directory: -o, which all shards share ({@code command} names the default). */
    Path shardDirectory(OutputOptions output, String command) {
        if (tileDirectory != null) throw new BadInputException("--tile-directory: with --shard, -o names the tile directory");
        return output.tileDirectory(command);
    }

    /** The tile directory of a job writing {@code h5}: FILE.h5.tiles beside it, or the one merge names. */
    Path directory(Path h5) {
        return tileDirectory != null ? tileDirectory : h5.resolveSibling(h5.getFileName() + ".tiles");
    }

    /** Whether joined tiles are removed: not with --keep-tiles, nor the directory merge joins (the shards' result). */
    boolean removeAfterJoin() {
        return !keepTiles && tileDirectory == null;
    }

    /** The line a shard ends with. */
    static String shardDone(TiledMap.Shard shard, Path directory) {
        return String.format("shard %d of %d (%s) done; join all shards with: gdsweep merge %s -o FILE.h5", shard.index(), shard.count(),
                shard.source(), directory);
    }
}
