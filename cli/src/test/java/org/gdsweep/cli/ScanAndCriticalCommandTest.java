package org.gdsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import io.jhdf.HdfFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScanAndCriticalCommandTest {
    @TempDir Path dir;

    @Test
    void scanWritesPerEtaSummariesAndPlot() throws Exception {
        Path out = dir.resolve("s.h5");
        MapCommandTest.Run r = MapCommandTest.gdsweep("scan", "--etas", "0.9,1.1", "--count", "256", "--max-iter", "5000", "-q",
                "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(dir.resolve("s.png")));
        try (HdfFile f = new HdfFile(out)) {
            double[] conv = (double[]) f.getDatasetByPath("converged_fraction").getData();
            assertEquals(2, conv.length);
            assertTrue(conv[0] > 0.3 && conv[1] == 0, "transition at eta = 1: " + conv[0] + ", " + conv[1]);
            byte[][] status = (byte[][]) f.getDatasetByPath("runs/status").getData();
            assertEquals(2, status.length);
            assertEquals(256, status[0].length);
            double[][] q = (double[][]) f.getDatasetByPath("sharpness/quantiles").getData();
            assertTrue(q[0][6] < 2 / 0.9 + 1e-9, "stable limits only");
        }
    }

    @Test
    void paperFormStepSizesAreConverted() throws Exception {
        Path out = dir.resolve("p.h5");
        MapCommandTest.Run r = MapCommandTest.gdsweep("scan", "--c", "1", "--mu", "0", "--etas", "0.45", "--count", "64", "-q",
                "--no-png", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        try (HdfFile f = new HdfFile(out)) {
            assertEquals(0.9, ((double[]) f.getDatasetByPath("eta").getData())[0], 1e-15);
            assertEquals(0.45, ((double[]) f.getDatasetByPath("eta_written").getData())[0], 0);
        }
    }

    @Test
    void criticalGaussianStartsMatchTheorem1() throws Exception {
        Path out = dir.resolve("c.h5");
        MapCommandTest.Run r = MapCommandTest.gdsweep("critical", "--count", "40", "--scale", "0.8", "--seed", "3",
                "--eta-range", "0.05:3", "--accuracy", "1e-4", "--max-iter", "200000", "-q", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("within 1e-3"), r.out());
        try (HdfFile f = new HdfFile(out)) {
            double[] est = (double[]) f.getDatasetByPath("critical_eta").getData();
            double[] theory = (double[]) f.getDatasetByPath("critical_eta_theory").getData();
            for (int i = 0; i < est.length; i++) assertEquals(theory[i], est[i], 1e-3 * theory[i], "start " + i);
            assertFalse(Files.exists(dir.resolve("c.png")), "no PNG for random starts");
        }
    }

    @Test
    void traceRecordsPathsAndMatchesTheSweep() throws Exception {
        Path out = dir.resolve("t.h5");
        MapCommandTest.Run r = MapCommandTest.gdsweep("trace", "--loss", "chain", "--depth", "3", "--eta", "0.6",
                "--start", "0.1,0.2,1.9", "--start", "0.5,0.5,2.2", "--every", "5", "--sharpness-every", "2", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        try (HdfFile f = new HdfFile(out)) {
            int[][] steps = (int[][]) f.getDatasetByPath("step").getData();
            int[] iters = (int[]) f.getDatasetByPath("iterations").getData();
            int[] points = (int[]) f.getDatasetByPath("points").getData();
            assertEquals(2, steps.length);
            assertEquals(0, steps[0][0]);
            assertEquals(5, steps[0][1]);
            assertEquals(iters[0], steps[0][points[0] - 1], "final step recorded");
            double[][][] theta = (double[][][]) f.getDatasetByPath("theta").getData();
            assertEquals(3, theta.length);
            assertEquals(0.1, theta[0][0][0], 0);
        }
        assertTrue(r.out().contains("converged"), r.out());
    }

    @Test
    void mapMeasureThenDimensionCommandAgree() throws Exception {
        Path map = dir.resolve("f.h5");
        MapCommandTest.Run r = MapCommandTest.gdsweep("map", "--c", "0.5", "--mu", "0.1", "--y", "0.5", "--eta", "1.4", "--size", "256",
                "--limit-features", "--measure", "--max-iter", "5000", "-q", "--no-png", "-o", map.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("box-counting dimension"), r.out());
        MapCommandTest.Run d = MapCommandTest.gdsweep("dimension", map.toString());
        assertEquals(0, d.code(), d.err());
        try (HdfFile a = new HdfFile(map); HdfFile b = new HdfFile(dir.resolve("f-measures.h5"))) {
            double fromMap = (double) a.getByPath("measures").getAttribute("box_dimension").getData();
            double fromFile = (double) b.getByPath("measures").getAttribute("box_dimension").getData();
            assertEquals(fromMap, fromFile, 0);
            assertTrue(fromMap > 1.05 && fromMap < 1.6, "dimension " + fromMap);
        }
        MapCommandTest.Run again = MapCommandTest.gdsweep("dimension", map.toString());
        assertEquals(2, again.code(), "no overwrite without --force");
    }

    @Test
    void refineMeasuresTheProjectedBoundaryOfFig3AsPublished() throws Exception {
        // the quotient plane, convergence labels between classes 0 and 1, and the notebook's fixed 100 steps, at which
        // the precision recheck (tol/100, 10x the cap) has no meaning and is not run
        Path out = dir.resolve("rq.h5");
        MapCommandTest.Run r = MapCommandTest.gdsweep("refine", "--c", "0.5", "--mu", "0.1", "--y", "0.5", "--eta", "1.0", "--quotient",
                "--window=-2:2,0:4", "--labels", "convergence", "--coarse", "32", "--levels", "3", "--protocol", "lm-notebook", "--uncertainty", "300",
                "-q", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("precision check: not run"), r.out());
        assertTrue(r.out().contains("refinement - (2 - alpha)"), "the two estimators are compared: " + r.out());
        try (HdfFile f = new HdfFile(out)) {
            assertEquals("0,1", f.getAttribute("boundary_classes").getData());
            assertEquals("lm-notebook", f.getAttribute("protocol").getData());
            assertTrue(((String) f.getAttribute("slice_kind").getData()).startsWith("quotient"));
            double dim = (double) f.getAttribute("dimension").getData();
            assertTrue(dim > 1 && dim < 1.6, "a fractal boundary: " + dim);
            double alpha = (double) f.getAttribute("uncertainty_exponent").getData();
            assertEquals(dim - (2 - alpha), (double) f.getAttribute("estimators_difference").getData(), 1e-12);
            assertEquals(9, ((double[]) f.getDatasetByPath("uncertain_fraction").getData()).length);
        }
    }

    @Test
    void refineReportsLevelsAndWorkSaved() throws Exception {
        Path out = dir.resolve("r.h5");
        MapCommandTest.Run r = MapCommandTest.gdsweep("refine", "--eta", "0.9", "--coarse", "32", "--levels", "5",
                "--labels", "convergence", "--max-iter", "20000", "-q", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        try (HdfFile f = new HdfFile(out)) {
            long[] cells = (long[]) f.getDatasetByPath("boundary_cells").getData();
            assertEquals(6, cells.length);
            double dim = (double) f.getAttribute("dimension").getData();
            assertEquals(1, dim, 0.1, "the lambda = 0 ellipse is smooth");
            assertTrue((double) f.getAttribute("work_saved").getData() > 5);
            double[] estimated = (double[]) f.getDatasetByPath("estimated_boundary_cells").getData();
            double[] errors = (double[]) f.getDatasetByPath("estimated_boundary_cells_error").getData();
            for (int l = 0; l < 6; l++) {
                assertTrue(estimated[l] >= cells[l], "an estimate is never below what was found");
                assertTrue(errors[l] >= 0);
            }
            double total = (double) f.getAttribute("dimension_error").getData();
            double fit = (double) f.getAttribute("dimension_standard_error").getData(), range = (double) f.getAttribute("dimension_error_range").getData(),
                    sampling = (double) f.getAttribute("dimension_error_sampling").getData(),
                    resolution = (double) f.getAttribute("dimension_error_resolution").getData();
            assertEquals(Math.sqrt(fit * fit + range * range + sampling * sampling + resolution * resolution), total, 1e-12,
                    "the error is its components' root sum of squares");
            assertEquals(0.125, (double) f.getAttribute("probe_fraction").getData());
        }
        assertTrue(r.out().contains("estimated") && r.out().contains("sampling"), r.out());
    }

    @Test
    void zoomWritesFramesAndQuotientMapMarksTheWedge() throws Exception {
        Path out = dir.resolve("z.h5");
        MapCommandTest.Run r = MapCommandTest.gdsweep("zoom", "--c", "0.5", "--mu", "0.1", "--y", "0.5", "--eta", "1.4", "--size", "64",
                "--frames", "3", "--limit-features", "--max-iter", "5000", "-q", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(dir.resolve("z-frame02.png")));
        try (HdfFile f = new HdfFile(out)) {
            byte[][][] st = (byte[][][]) f.getDatasetByPath("status").getData();
            double[][] win = (double[][]) f.getDatasetByPath("window").getData();
            assertEquals(3, st.length);
            assertEquals(2 * (win[1][1] - win[1][0]), win[0][1] - win[0][0], 1e-12, "each frame halves the window");
        }
        Path q = dir.resolve("q.h5");
        MapCommandTest.Run m = MapCommandTest.gdsweep("map", "--y", "0.5", "--lambda", "0.2", "--eta", "1.4", "--quotient",
                "--window=-2:2,0:4", "--size", "41", "-q", "--no-png", "-o", q.toString());
        assertEquals(0, m.code(), m.err());
        try (HdfFile f = new HdfFile(q)) {
            byte[][] st = (byte[][]) f.getDatasetByPath("status").getData();
            assertEquals(-1, st[0][0], "(z, N) = (-2, 0) is outside the wedge");
            assertTrue(st[40][20] >= 0, "(0, 4) is inside");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "scan --count 10                              | --etas",
        "scan --etas 0.5 --eta-range 0.1:1:3          | --etas",
        "scan --eta-range 1:0.5:3                     | --eta-range",
        "scan --eta-range 0.1:1:1.5                   | --eta-range",
        "scan --etas 0.5,-1                           | --etas",
        "scan --etas 0.5 --spacing cubic --eta-range 0.1:1:3 | --etas",
        "scan --etas 0.5 --count 0                    | --count",
        "scan --etas 0.5 --scale -1                   | --scale",
        "scan --etas 0.5 --trailing-window 0          | --trailing-window",
        "critical --eta-range 2:1                     | --eta-range",
        "critical --accuracy 0                        | --accuracy",
        "critical --accuracy NaN                      | --accuracy",
        "trace --eta 0.5 --start 1,2,3                | --start",
        "trace --eta 0.5 --every 0                    | --every",
        "trace --eta 0.5 --count 0                    | --count",
        "trace --eta 0.5 --sharpness-every -1         | --sharpness-every",
        "map --eta 0.5 --loss network --widths 2,0,2  | --widths",
        "map --eta 0.5 --loss network --widths 2,2    | --widths",
        "map --eta 0.5 --loss chain --depth 1         | --depth",
        "map --eta 0.5 --measure --size 16            | --measure",
        "map --eta 0.5 --measure --labels attractor   | --labels",
        "map --eta 0.5 --uncertainty 5                | --uncertainty",
        "refine --eta 0.5 --levels 40                 | --levels",
        "refine --eta 0.5 --coarse 0                  | --coarse",
        "refine --eta 0.5 --labels colour             | --labels",
        "refine --eta 0.5 --probe-fraction 1.5        | --probe-fraction",
        "refine --eta 0.5 --probe-fraction NaN        | --probe-fraction",
        "refine --eta 0.5 --size 64                   | --size",
        "refine --eta 0.5 --quotient --loss matrix    | --quotient",
        "refine --eta 0.5 --quotient --slice random   | --quotient",
        "refine --eta 0.5 --labels orbit --classes 0,1 | --classes",
        "refine --eta 0.5 --classes 0,0               | --classes",
        "refine --eta 0.5 --uncertainty 99            | --uncertainty",
        "dimension /no/such/file.h5                   | FILE.h5",
        "zoom --eta 0.5 --frames 0                    | --frames",
        "zoom --eta 0.5 --factor 1                    | --factor",
        "map --eta 0.5 --quotient --loss matrix       | --quotient",
    })
    void badInput(String args, String mentions) {
        String[] a = (args.trim() + " -q -o " + dir.resolve("x.h5")).split("\\s+");
        MapCommandTest.Run r = MapCommandTest.gdsweep(a);
        assertEquals(2, r.code(), args + " -> " + r.err());
        assertTrue(r.err().contains(mentions), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(dir.resolve("x.h5")));
    }
}
