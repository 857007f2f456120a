package org.gdsweep.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.gdsweep.engine.problem.DefiningArray;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.io.Hdf5Layout;

/**
 * How a map is cut into tiles (bands of rows), the hash that identifies a sweep, and job-array shards.
 *
 * <p>Tiling depends only on the command ({@code --size}, {@code --tile-runs}), never on the machine, so a rerun on
 * another machine or with another heap finds the same tiles and resumes them.
 */
final class TiledMap {
    /** Runs per tile for a problem of two parameters: 2^21 (about 10 MB of status and iterations, 200 MB with every field). */
    static final long DEFAULT_TILE_RUNS = 1L << 21;

    /**
     * Default runs per tile for a problem of {@code parameters} parameters: 2^21 / (P/2), rounded down to a power of two,
     * at least 2^14. A run's cost grows about linearly with P, so a tile stays a few seconds of work and a killed sweep
     * loses little; it depends only on the command, so reruns find the same tiles.
     */
    static long defaultTileRuns(int parameters) {
        int halves = Math.max(1, parameters / 2);
        int shift = 31 - Integer.numberOfLeadingZeros(halves); // ⌊log2(P/2)⌋
        return Math.max(1L << 14, DEFAULT_TILE_RUNS >> shift);
    }

    private TiledMap() {}

    /** Tiles of {@code tileRows} rows each (the last may be shorter) over H rows. */
    record Plan(int tileRows, int tiles, int height, int width) {
        int row0(int t) { return t * tileRows; }

        int rows(int t) { return Math.min(tileRows, height - t * tileRows); }

        long runs(int t) { return (long) rows(t) * width; }
    }

    static Plan plan(Slice slice, long tileRuns) {
        int rows = (int) Math.max(1, Math.min(slice.height(), tileRuns / slice.width()));
        int tiles = (int) ((slice.height() + (long) rows - 1) / rows);
        return new Plan(rows, tiles, slice.height(), slice.width());
    }

    /**
     * SHA-256 of everything that defines the numbers a sweep produces: the problem (its attributes and defining
     * arrays), the slice (θ₀, e₁, e₂, window, size, bit for bit), η, the stopping rule, what each run records, the
     * tiling and the layout version. Not what only changes speed (engine, threads, lane width) or the file's encoding
     * (compression), since results do not depend on them.
     */
    static String sweepHash(Problem problem, Slice slice, StopRule rule, Sweep.Options options, Set<String> tileFields, Plan plan) {
        StringBuilder s = header("gdsweep map sweep", problem, rule);
        s.append("origin ").append(text(slice.origin())).append("\ne1 ").append(text(slice.e1())).append("\ne2 ").append(text(slice.e2())).append('\n');
        s.append("window ").append(text(new double[] {slice.alpha0(), slice.alpha1(), slice.beta0(), slice.beta1()})).append('\n');
        s.append("size ").append(slice.width()).append('x').append(slice.height()).append("\neta ").append(bits(slice.stepSize())).append('\n');
        s.append("theta ").append(text(options.thetaIndex())).append(" sharpness ").append(options.sharpness()).append(" window ")
                .append(options.trailingWindow()).append(" limit ").append(options.limitFeatures()).append(" final ").append(options.finalValues()).append('\n');
        s.append("fields ").append(new TreeSet<>(tileFields)).append("\ntiles ").append(plan.tileRows()).append('x').append(plan.tiles()).append('\n');
        MessageDigest md = sha256();
        return HexFormat.of().formatHex(md.digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** What every job's hash starts with: its kind, the layout version, the problem (attributes, arrays) and the rule. */
    private static StringBuilder header(String kind, Problem problem, StopRule rule) {
        StringBuilder s = new StringBuilder(kind).append("\nlayout_version ").append(Hdf5Layout.VERSION).append('\n');
        for (Map.Entry<String, Object> e : new TreeMap<>(problem.attributes()).entrySet()) s.append(e.getKey()).append(' ').append(text(e.getValue())).append('\n');
        for (DefiningArray d : problem.definingArrays()) s.append(d.name()).append(' ').append(text(d.values())).append('\n');
        s.append("rule ").append(rule.criterion()).append(' ').append(bits(rule.tolerance())).append(' ').append(bits(rule.divergenceNorm2()))
                .append(' ').append(rule.maxIterations()).append(rule.fixedHorizon() ? " fixed-horizon" : "").append('\n');
        return s;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs of a critical-step-size tile for a problem of P parameters: 2^18 / (P/2) rounded down to a power of two, at
     * least 2^12 (each start costs a bisection of about 15-20 sweeps).
     */
    static long defaultTileStarts(int parameters) {
        int halves = Math.max(1, parameters / 2);
        return Math.max(1L << 12, (1L << 18) >> (31 - Integer.numberOfLeadingZeros(halves)));
    }

    /**
     * SHA-256 of what defines a critical-step-size job: the problem, every start (all coordinates, in order), the
     * bracket, the accuracy, the stopping rule and the tiling.
     */
    static String criticalHash(Problem problem, org.gdsweep.engine.start.StartSource starts, double lo, double hi, double accuracy,
                               StopRule rule, long tileStarts) {
        String settings = "bracket " + bits(lo) + ' ' + bits(hi) + " accuracy " + bits(accuracy) + '\n';
        return startsHash("gdsweep critical", problem, rule, settings, starts, "tile " + tileStarts);
    }

    /**
     * SHA-256 of what defines a step-size scan: the problem, every step size and every start (bit for bit, in order),
     * the stopping rule, what each run records ({@code settings}: trailing window, sharpness, bins) and the tiling.
     */
    static String scanHash(Problem problem, org.gdsweep.engine.scan.StepSizeScan scan, StopRule rule, String settings, int etasPerTile) {
        return startsHash("gdsweep scan", problem, rule, "etas " + text(scan.etas()) + '\n' + settings + '\n', scan.base(),
                "etas per tile " + etasPerTile);
    }

    private static String startsHash(String kind, Problem problem, StopRule rule, String settings, org.gdsweep.engine.start.StartSource starts,
                                     String tiling) {
        MessageDigest md = sha256();
        StringBuilder s = header(kind, problem, rule).append(settings);
        s.append("starts ").append(starts.count()).append(' ').append(tiling).append('\n');
        md.update(s.toString().getBytes(StandardCharsets.UTF_8));
        double[] theta = new double[starts.parameterCount()];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * theta.length + 8);
        for (long i = 0; i < starts.count(); i++) {
            starts.start(i, theta, 0, 1);
            b.clear();
            for (double v : theta) b.putDouble(v);
            b.putDouble(starts.stepSize(i));
            md.update(b.array(), 0, b.position());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String bits(double v) {
        return Long.toHexString(Double.doubleToRawLongBits(v));
    }

    private static String text(Object v) {
        if (v instanceof double[] a) {
            StringBuilder b = new StringBuilder();
            for (double x : a) b.append(bits(x)).append(',');
            return b.toString();
        }
        if (v instanceof int[] a) return java.util.Arrays.toString(a);
        if (v instanceof long[] a) return java.util.Arrays.toString(a);
        if (v instanceof Double d) return bits(d);
        if (v instanceof Object[] a) return java.util.Arrays.toString(a);
        return String.valueOf(v);
    }

    /**
     * Shard {@code index} of {@code count}: it computes tiles t with t mod count = index (round robin, so expensive
     * regions of the map are spread over the shards).
     */
    record Shard(int index, int count, String source) {
        boolean owns(int tile) { return tile % count == index; }

        /** The root attributes that say which shard wrote a tile. */
        void describe(Map<String, Object> attributes) {
            attributes.put("shard_index", index);
            attributes.put("shard_count", count);
        }

        /**
         * {@code I/N}, or {@code auto}: Slurm job arrays ({@code SLURM_ARRAY_TASK_ID} − {@code SLURM_ARRAY_TASK_MIN}
         * of {@code SLURM_ARRAY_TASK_COUNT}); {@code auto/N} also reads Kubernetes Indexed Jobs
         * ({@code JOB_COMPLETION_INDEX}) and AWS Batch array jobs ({@code AWS_BATCH_JOB_ARRAY_INDEX}), which do not
         * publish the count.
         */
        static Shard parse(String text, Map<String, String> env) {
            String t = text.trim();
            if (t.equals("auto") || t.startsWith("auto/")) {
                Integer n = t.equals("auto") ? null : positive("--shard", t.substring(5));
                if (env.containsKey("SLURM_ARRAY_TASK_ID")) {
                    int id = positive0("SLURM_ARRAY_TASK_ID", env.get("SLURM_ARRAY_TASK_ID"));
                    int min = env.containsKey("SLURM_ARRAY_TASK_MIN") ? positive0("SLURM_ARRAY_TASK_MIN", env.get("SLURM_ARRAY_TASK_MIN")) : 0;
                    int count = n != null ? n : env.containsKey("SLURM_ARRAY_TASK_COUNT")
                            ? positive("SLURM_ARRAY_TASK_COUNT", env.get("SLURM_ARRAY_TASK_COUNT")) : -1;
                    if (count < 0) throw new BadInputException("--shard auto: SLURM_ARRAY_TASK_COUNT is not set; give --shard auto/N");
                    return of(id - min, count, "Slurm array task " + id);
                }
                for (String var : new String[] {"JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"}) {
                    if (env.containsKey(var)) {
                        if (n == null) throw new BadInputException("--shard auto: " + var + " gives the index but not the count; give --shard auto/N");
                        return of(positive0(var, env.get(var)), n, var + " " + env.get(var));
                    }
                }
                throw new BadInputException("--shard auto: no job-array index in the environment (SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX); give --shard I/N");
            }
            String[] p = t.split("/", -1);
            if (p.length != 2) throw new BadInputException("--shard must be I/N (0 <= I < N) or auto, got '" + text + "'");
            return of(positive0("--shard", p[0]), positive("--shard", p[1]), "--shard " + t);
        }

        private static Shard of(int index, int count, String source) {
            if (index >= count) throw new BadInputException(String.format(Locale.ROOT, "--shard: index %d is not below the count %d (%s)", index, count, source));
            return new Shard(index, count, source);
        }

        private static int positive0(String what, String text) {
            try {
                int v = Integer.parseInt(text.trim());
                if (v >= 0) return v;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new BadInputException(what + " must be an integer >= 0, got '" + text + "'");
        }

        private static int positive(String what, String text) {
            int v = positive0(what, text);
            if (v < 1) throw new BadInputException(what + " must be >= 1, got '" + text + "'");
            return v;
        }
    }
}
