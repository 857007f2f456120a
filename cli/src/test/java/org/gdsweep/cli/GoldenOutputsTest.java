package org.gdsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import org.gdsweep.io.Hdf5Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden outputs: a fixed set of commands covering every loss family, arithmetic and subcommand, whose HDF5 files
 * must stay the same dataset for dataset (dtype, shape and every bit of the data) and attribute for attribute
 * (attributes that describe the machine or the time, such as threads, lane width, seconds and the command line, are
 * left out). Files may gain datasets and attributes; none may change or disappear.
 *
 * <p>The digests in {@code src/test/resources/golden-outputs.txt} were recorded before the redesign of issue 10.
 * Rerecord them only for an intended change of results, with {@code -Dgdsweep.golden.update=true}, and say why in
 * the commit.
 */
class GoldenOutputsTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden-outputs.txt");

    /** Attributes that depend on the machine, the clock or the temporary directory, not on the results. */
    private static final Set<String> VOLATILE = Set.of("created_utc", "jdk", "os_arch", "command_line", "gdsweep_version",
            "kernel_seconds", "lane_iterations_per_second", "lane_utilisation", "setup_seconds", "threads", "lane_bits",
            "lane_width", "lane_refill", "source", "wall_seconds", "engine",
            // how long the scalar reference ran before the vector kernel took over depends on the machine's pace (session 6)
            "warm_start", "warmup_seconds", "warmup_lane_iterations", "warmup_trainer_lane_iterations",
            "steady_lane_iterations_per_second");

    @TempDir Path dir;

    /** Case name → commands run in order; {dir} is the case's directory. The last command's -o file is digested. */
    static Map<String, List<String>> cases() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        String common = " -q --threads 2 --no-png --max-iter 3000 --size 33x31";
        for (String a : List.of("exact", "fma", "float32")) {
            c.put("map-scalar-d1-" + a, List.of("map --loss scalar --d 1 --y 1 --eta 0.9 --window=-3:3,-3:3 --arithmetic " + a + common));
            c.put("map-scalar-d5-" + a, List.of("map --loss scalar --d 5 --y 1 --lambda 0.3 --eta 0.8 --slice random --seed 2 --origin random --window=-2:2,-2:2 --save-params --arithmetic " + a + common));
            c.put("map-matrix-5x4x4-" + a, List.of("map --loss matrix --k 5 --m 4 --n 4 --eta 0.9 --slice random --seed 1 --window=-2:2,-2:2 --arithmetic " + a + common));
            c.put("map-matrix-3x2x3-" + a, List.of("map --loss matrix --k 3 --m 2 --n 3 --Y 1,0,0.5;0,0.5,0 --lambda 0.05 --eta 1.2 --slice random --seed 4 --window=-2:2,-2:2 --arithmetic " + a + common));
            c.put("map-chain-" + a, List.of("map --loss chain --depth 3 --y 1 --eta 0.6 --slice random --seed 3 --origin 0.5,0.5,0.5 --window=-1.5:1.5,-1.5:1.5 --color param:1 --arithmetic " + a + common));
            c.put("map-network-" + a, List.of("map --loss network --widths 2,3,2 --Y 1,0;0,0.5 --eta 0.8 --slice random --seed 5 --window=-1.5:1.5,-1.5:1.5 --arithmetic " + a + common));
            c.put("map-mlp-" + a, List.of("map --loss mlp --widths 2,4,1 --samples 6 --activation " + (a.equals("fma") ? "relu --momentum 0.5" : "tanh")
                    + " --eta 0.3 --slice random --seed 6 --window=-1:1,-1:1 --tol 1e-4 --arithmetic " + a + " -q --threads 2 --no-png --max-iter 400 --size 17x15"));
            c.put("trace-chain-" + a, List.of("trace --loss chain --depth 3 --y 1 --eta 0.6 --start 0.1,0.2,1.9 --start 0.5,0.5,2.2 --sharpness-every 3 --every 2 --no-png --max-iter 400 --arithmetic " + a));
        }
        c.put("map-network-diag", List.of("map --loss network --widths 3,2,3 --seed 7 --eta 0.8 --window=-1.5:1.5,-1.5:1.5 --lambda 0.01" + common));
        c.put("map-scalar-paper-features", List.of("map --c 0.5 --mu 0.1 --y 0.5 --eta 1.4 --window=-3:3,-3:3 --limit-features --sharpness --color minimiser_side"
                + " --measure --uncertainty 400 -q --threads 2 --no-png --max-iter 3000 --size 48"));
        c.put("map-scalar-loss-criterion", List.of("map --y 1 --eta 0.95 --criterion loss --tol 1e-12 --fields iterations,norm2 --engine scalar" + common));
        c.put("map-quotient", List.of("map --y 1 --lambda 0.1 --eta 0.9 --quotient --window=-2:2,0:4" + common));
        c.put("map-scalar-compression-small", List.of("map --y 0.7 --eta 0.9 --compression small --d 2 --slice axes:u[0],v[1]" + common));
        c.put("scan-scalar-gaussian", List.of("scan --loss scalar --d 1 --y 1 --eta-range 0.8:1.2:5 --count 97 --max-iter 2000 --trailing-window 50 -q --threads 2 --no-png"));
        c.put("scan-chain-grid", List.of("scan --loss chain --depth 3 --y 1 --etas 0.5,0.65,0.7 --starts grid --window=-1:1,-1:1 --size 9 --origin 0.5,0.5,0.5 --max-iter 2000 --bins 8 -q --threads 2 --no-png"));
        c.put("scan-matrix-paper-geometric", List.of("scan --loss matrix --k 2 --m 2 --n 2 --c 0.5 --eta-range 0.3:0.9:4 --spacing geometric --count 61 --max-iter 1500 --no-sharpness -q --threads 2 --no-png --arithmetic fma"));
        c.put("scan-network-float32", List.of("scan --loss network --widths 2,2,2 --eta-range 0.5:1.0:3 --count 50 --max-iter 1500 -q --threads 2 --no-png --arithmetic float32"));
        c.put("scan-mlp-fixed-horizon", List.of("scan --loss mlp --widths 2,5,1 --teacher-widths 2,2,1 --samples 6 --etas 0.3,1.5 --count 8 --max-iter 200 --fixed-horizon -q --threads 2 --no-png"));
        c.put("critical-grid", List.of("critical --loss scalar --d 1 --y 1 --starts grid --window=-2:2,-2:2 --size 17 --eta-range 0.05:3 --accuracy 1e-3 --max-iter 20000 -q --threads 2 --no-png"));
        c.put("critical-gaussian-chain", List.of("critical --loss chain --depth 3 --y 1 --count 40 --scale 0.8 --eta-range 0.05:2 --accuracy 1e-2 --max-iter 5000 -q --threads 2 --no-png"));
        c.put("trace-gaussian-matrix", List.of("trace --loss matrix --k 2 --m 2 --n 2 --count 3 --seed 9 --eta 0.5 --max-iter 300 --no-png"));
        c.put("zoom", List.of("zoom --c 0.5 --mu 0.1 --y 0.5 --eta 1.4 --window=-3:3,-3:3 --size 40 --frames 2 --factor 2 --limit-features --max-iter 3000 -q --threads 2 --no-png"));
        c.put("zoom-centre", List.of("zoom --y 1 --eta 0.9 --window=-3:3,-3:3 --size 32 --frames 2 --center 1,1 --labels convergence --max-iter 3000 -q --threads 2 --no-png"));
        c.put("refine", List.of("refine --c 0.5 --mu 0.1 --y 0.5 --eta 1.4 --window=-3:3,-3:3 --coarse 16 --levels 3 --recheck 8 --max-iter 3000 -q --threads 2"));
        c.put("refine-orbit", List.of("refine --loss chain --depth 3 --lambda 0.2 --y 1 --eta 1.0 --slice random --seed 1 --window=-2:2,-2:2 --coarse 8 --levels 2 --labels orbit --recheck 4 --max-iter 3000 -q --threads 2"));
        c.put("dimension", List.of(
                "map --c 0.5 --mu 0.1 --y 0.5 --eta 1.4 --window=-3:3,-3:3 --limit-features -q --threads 2 --no-png --max-iter 3000 --size 40 -o {dir}/source.h5",
                "dimension {dir}/source.h5 --labels orbit --entropy-box 4"));
        return c;
    }

    @Test
    void everyFileIsTheSameDatasetForDataset() throws IOException {
        Map<String, String> now = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : cases().entrySet()) {
            Path caseDir = Files.createDirectories(dir.resolve(e.getKey()));
            Path out = null;
            for (String command : e.getValue()) {
                List<String> args = new ArrayList<>(Arrays.asList(command.replace("{dir}", caseDir.toString()).split(" ")));
                int o = args.indexOf("-o");
                if (o >= 0) {
                    out = Path.of(args.get(o + 1));
                } else if (args.get(0).equals("dimension")) {
                    out = caseDir.resolve("measures.h5");
                    args.addAll(List.of("-o", out.toString()));
                } else {
                    out = caseDir.resolve("out.h5");
                    args.addAll(List.of("-o", out.toString()));
                }
                StringWriter so = new StringWriter(), se = new StringWriter();
                int code = Main.run(args.toArray(String[]::new), new PrintWriter(so, true), new PrintWriter(se, true));
                assertEquals(0, code, e.getKey() + ": " + command + "\n" + se);
            }
            digest(e.getKey(), out, now);
        }
        if (Boolean.getBoolean("gdsweep.golden.update")) {
            List<String> lines = new ArrayList<>();
            now.forEach((k, v) -> lines.add(k + "\t" + v));
            Files.write(GOLDEN, lines, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(GOLDEN), "no golden digests at " + GOLDEN.toAbsolutePath());
        List<String> differences = new ArrayList<>();
        java.util.Set<String> recorded = new java.util.HashSet<>();
        int compared = 0;
        for (String line : Files.readAllLines(GOLDEN, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            int tab = line.indexOf('\t');
            String key = line.substring(0, tab), expected = line.substring(tab + 1);
            String actual = now.get(key);
            recorded.add(key);
            compared++;
            if (actual == null) differences.add("missing: " + key);
            else if (!actual.equals(expected)) differences.add("changed: " + key + " expected " + expected + " got " + actual);
        }
        // a new dataset or attribute is a change of the files too: it is recorded (and said why) like any other
        for (String key : now.keySet()) if (!recorded.contains(key)) differences.add("new, not recorded: " + key);
        if (!differences.isEmpty())
            fail(differences.size() + " of " + compared + " golden entries differ:\n" + String.join("\n", differences));
        assertTrue(compared > 1000, "golden file covers only " + compared + " entries");
    }

    /**
     * One entry per dataset (dtype, shape, data digest) and per non-volatile attribute (value digest); every dataset must
     * also be in the layout catalogue of its kind of file, with the catalogue's element type and axis names.
     */
    private static void digest(String name, Path file, Map<String, String> out) {
        try (HdfFile f = new HdfFile(file)) {
            walk(name + ":", f, out);
            String title = f.getAttribute("layout").getData().toString();
            Hdf5Layout.Kind kind = java.util.Arrays.stream(Hdf5Layout.Kind.values()).filter(k -> k.title.equals(title)).findFirst().orElseThrow();
            checkCatalogued(name, kind, f);
        }
    }

    private static void checkCatalogued(String name, Hdf5Layout.Kind kind, Group g) {
        for (Node n : g.getChildren().values()) {
            if (n instanceof Group sub) {
                checkCatalogued(name, kind, sub);
                continue;
            }
            Dataset d = (Dataset) n;
            String path = d.getPath().substring(1);
            String group = path.substring(0, path.lastIndexOf('/') + 1);
            Hdf5Layout.Field field = null;
            for (String candidate : List.of(path, group + "{derived}", group + "{array}"))
                for (Hdf5Layout.Field x : Hdf5Layout.fields(kind)) if (field == null && x.path().equals(candidate)) field = x;
            assertTrue(field != null, name + ": " + path + " is not in the " + kind + " catalogue");
            String dtype = switch (d.getJavaType().getSimpleName()) {
                case "byte" -> "int8";
                case "int" -> "int32";
                case "long" -> "int64";
                case "double" -> "float64";
                default -> d.getJavaType().getSimpleName();
            };
            assertEquals(field.dtype(), dtype, name + ": " + path + " dtype");
            var dims = d.getAttributes().get("dims");
            if (dims != null && field.path().endsWith("{array}"))
                // a family names its arrays' axes itself (a network's data: sample x input): one name per axis
                assertEquals(d.getDimensions().length, ((String[]) dims.getData()).length, name + ": " + path + " dims");
            else if (dims != null && !(kind == Hdf5Layout.Kind.CRITICAL && ((String[]) dims.getData()).length == 1))
                assertEquals(field.dims(), List.of((String[]) dims.getData()), name + ": " + path + " dims");
        }
    }

    private static void walk(String prefix, Node node, Map<String, String> out) {
        for (Map.Entry<String, Attribute> a : node.getAttributes().entrySet()) {
            if (VOLATILE.contains(a.getKey())) continue;
            out.put(prefix + node.getPath() + "@" + a.getKey(), hash(a.getValue().getData()));
        }
        if (node instanceof Dataset d) {
            out.put(prefix + d.getPath(), d.getJavaType().getSimpleName() + Arrays.toString(d.getDimensions()) + " " + hash(d.getData()));
        } else if (node instanceof Group g) {
            for (Node child : g.getChildren().values()) walk(prefix, child, out);
        }
    }

    private static String hash(Object data) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            feed(md, data);
            return HexFormat.of().formatHex(md.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void feed(MessageDigest md, Object v) {
        if (v == null) {
            md.update((byte) 0);
        } else if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            md.update(("[" + n).getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < n; i++) feed(md, Array.get(v, i));
        } else if (v instanceof Double x) {
            update(md, Double.doubleToRawLongBits(x));
        } else if (v instanceof Float x) {
            update(md, Float.floatToRawIntBits(x));
        } else if (v instanceof Number x) {
            update(md, x.longValue());
        } else {
            md.update(String.valueOf(v).getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
        }
    }

    private static void update(MessageDigest md, long bits) {
        for (int i = 0; i < 8; i++) md.update((byte) (bits >>> (8 * i)));
    }
}
