package org.gdsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gdsweep reproduce}: every preset of issue 15 runs with --quick, and each checks the closed-form facts its
 * figure shows (critical steps, minimiser norms, imbalance ranges near the boundary, the ellipse, the balancing bound,
 * orbit periods).
 */
class ReproduceTest {
    @TempDir Path dir;

    static final List<String> NAMES = List.of("lm-thm1", "lm-fig1-left", "lm-fig1-right", "lm-fig2", "lm-fig3", "lm-fig3-eta", "lm-fig4", "lm-fig5",
            "lm-relu-sweep", "lm-relu-slices", "cg-linear", "cg-nonlinear", "wczt-balancing", "wczt-orbits");

    /** Runs a preset's quick version into a fresh folder and returns its measurements. */
    private Map<String, Double> quick(String name) throws IOException {
        Presets.Preset p = Presets.ALL.get(name);
        Map<String, String> settings = new LinkedHashMap<>();
        for (Presets.Setting s : p.settings()) settings.put(s.name(), s.quick());
        Path d = Files.createDirectories(dir.resolve(name));
        Presets.Run run = new Presets.Run(d, true, settings, new PrintWriter(Writer.nullWriter()));
        p.run(run);
        assertTrue(Files.size(d.resolve(name + ".png")) > 1000, name + " draws its figure");
        return run.values;
    }

    @Test
    void listNamesEveryPresetAndTheCommandWritesOneFolderOrNothing() throws IOException {
        CliRun list = CliRun.of("reproduce", "--list");
        assertEquals(0, list.code());
        for (String n : NAMES) assertTrue(list.out().contains(n + " "), n + " listed");
        assertEquals(NAMES, List.copyOf(Presets.ALL.keySet()));

        Path out = dir.resolve("fig");
        CliRun r = CliRun.of("reproduce", "lm-fig1-left", "--quick", "--set", "size=24", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2(y - lambda) = 1.4"), r.out());
        for (String f : List.of("lm-fig1-left.h5", "lm-fig1-left.png", "summary.txt", "commands.log")) assertTrue(Files.exists(out.resolve(f)), f);
        assertTrue(Files.readString(out.resolve("summary.txt")).contains("size = 24"), "settings recorded");
        CliRun again = CliRun.of("reproduce", "lm-fig1-left", "--quick", "-o", out.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("--force"), again.err());
        CliRun bad = CliRun.of("reproduce", "lm-fig1-left", "--quick", "--set", "colour=red", "-o", dir.resolve("bad").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--set") && bad.err().contains("size"), bad.err());
        assertTrue(!Files.exists(dir.resolve("bad")) && !Files.exists(dir.resolve("bad.partial")), "nothing written for bad input");
        CliRun unknown = CliRun.of("reproduce", "lm-fig9");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("lm-fig1-right"), unknown.err());
    }

    @Test
    void theorem1PerStartCriticalSteps() throws IOException {
        Map<String, Double> v = quick("lm-thm1");
        assertTrue(v.get("median_abs_relative_difference") < 2e-3, v.toString());
        assertTrue(v.get("fraction_within_10x_accuracy") >= 0.9, v.toString());
    }

    @Test
    void fig1LeftMinimisersHaveTheClosedFormNorm() throws IOException {
        Map<String, Double> v = quick("lm-fig1-left");
        assertEquals(1.4, v.get("min_norm2"), 1e-6);
        assertEquals(1.4, v.get("max_norm2"), 1e-6);
        assertTrue(v.get("minimiser_fraction") > 0.5);
    }

    @Test
    void fig1RightStablePreimageIsFatUnstableOneThin() throws IOException {
        Map<String, Double> v = quick("lm-fig1-right");
        assertEquals(1, v.get("label_at_balanced"), "the balanced minimiser is in its own preimage");
        assertEquals(2, v.get("label_at_imbalanced"), "so is the imbalanced one");
        assertTrue(v.get("area_balanced") > 10 * v.get("area_imbalanced"), v.toString());
    }

    @Test
    void fig2BoundarySamplesFillTheTheoreticalRanges() throws IOException {
        Map<String, Double> v = quick("lm-fig2");
        double eta = 0.9, dMax = Math.sqrt(4 / (eta * eta) - 4);
        assertTrue(v.get("min_N") >= 2 - 1e-6 && v.get("max_N") < 2 / eta, v.toString());
        assertTrue(v.get("max_N") > 2 + 0.8 * (2 / eta - 2), "no bias toward flat minimisers: N reaches near 2/eta " + v);
        assertTrue(v.get("max_abs_D") <= dMax && v.get("max_abs_D") > 0.8 * dMax, v.toString());
        assertTrue(v.get("minimiser_fraction") > 0.95, "the shell lies inside the convergence region");
    }

    @Test
    void fig3MinimisersAndTheirTwoBasins() throws IOException {
        Map<String, Double> v = quick("lm-fig3");
        assertEquals(0.6, v.get("min_norm2"), 1e-6);
        assertEquals(0.6, v.get("max_norm2"), 1e-6);
        assertTrue(v.get("nearest") > 0 && v.get("farthest") > 0, "both minimisers are reached");
        assertTrue(v.get("box_dimension_projected") > 1 && v.get("box_dimension_projected") < 2, v.toString());
        assertTrue(v.get("box_dimension_projected_notebook") > 1 && v.get("box_dimension_projected_notebook") < 2, v.toString());
        assertTrue(v.get("box_dimension_projected_error") > 0 && v.get("uncertainty_dimension_projected_error") > 0, "errors are stated");
        assertTrue(v.get("refined_dimension_projected") > 1 && v.get("refined_dimension_projected") < 2 && v.get("refined_dimension_projected_error") > 0,
                "the third estimator, refinement, with its error: " + v);
    }

    @Test
    void dimensionAgainstStepSizeWithAgreeingEstimators() throws IOException {
        Map<String, Double> v = quick("lm-fig3-eta");
        assertEquals(v.get("points"), v.get("estimators_agree"), "box counting and 2 - alpha agree within their errors at every eta: " + v);
    }

    @Test
    void fig4UnregularisedRegionIsTheEllipseAndTheSaddleBasinShows() throws IOException {
        Map<String, Double> v = quick("lm-fig4");
        double eta = 1, y = 0.8, ellipse = Math.PI * (4 / eta) * Math.sqrt((2 + eta * y) * (2 - eta * y)) / 2;
        assertEquals(ellipse, v.get("lambda-0.0_converged_area"), 0.1 * ellipse, v.toString());
        assertTrue(v.get("lambda-0.0_origin_runs") > 0, "the grid hits the saddle's basin u = -v");
    }

    @Test
    void fig5MinimiserNormsRespectTheNuclearNormBound() throws IOException {
        Map<String, Double> v = quick("lm-fig5");
        assertTrue(v.get("min_norm2") >= v.get("two_nuclear_norm") - 1e-6, v.toString());
    }

    @Test
    void networkPresets() throws IOException {
        Map<String, Double> sweep = quick("lm-relu-sweep");
        assertTrue(sweep.get("bounded_points") > 0, sweep.toString());
        assertEquals(0, sweep.get("converged_above_stability"), "every converged run's sharpness <= 2/eta: " + sweep);
        Map<String, Double> slices = quick("lm-relu-slices");
        assertEquals(1, slices.get("fraction_at_best_loss") + slices.get("fraction_suboptimal") + slices.get("fraction_diverged"), 1e-12);
        assertEquals(0, slices.get("converged_above_stability"), "every converged run's sharpness <= 2/eta: " + slices);
        assertTrue(slices.get("max_sharpness") > 0, slices.toString());
        Map<String, Double> cg = quick("cg-nonlinear");
        assertTrue(cg.get("max_converged_fraction") >= 0.9 && cg.get("min_converged_fraction") <= 0.05, cg.toString());
    }

    @Test
    void linearNetworkTransitionAtTheClosedFormStep() throws IOException {
        Map<String, Double> v = quick("cg-linear");
        assertTrue(v.get("minimiser_fraction_below") > 0.5, v.toString());
        assertTrue(v.get("minimiser_fraction_above") <= 0.01, v.toString());
        assertTrue(v.get("first_eta_without_convergence") > v.get("eta_crit"), v.toString());
    }

    @Test
    void balancingBoundHoldsAtEveryConvergingStep() throws IOException {
        Map<String, Double> v = quick("wczt-balancing");
        assertTrue(v.get("converged_points") >= 3, v.toString());
        assertTrue(v.get("worst_gap_minus_bound") <= 1e-9, "|x - y|^2 <= 2/h - 2 mu: " + v);
    }

    @Test
    void orbitsBeyondTheCriticalStepAreNotMinimisers() throws IOException {
        Map<String, Double> v = quick("wczt-orbits");
        assertTrue(v.get("minimiser_fraction") < 0.01, v.toString());
        // [WCZT]'s balancing: every run that stays bounded ends on the balanced line x = y
        assertTrue(v.get("bounded_fraction_balanced") >= 0.99, v.toString());
    }
}
