package org.gdsweep.cli;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gdsweep.engine.sweep.StopRule;

import picocli.CommandLine.Model.CommandSpec;

/** Attributes every gdsweep file carries. */
final class Provenance {
    private Provenance() {}

    static Map<String, Object> common(CommandSpec spec, String command) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("gdsweep_version", Version.gdsweep());
        a.put("command", command);
        a.put("command_line", commandLine(spec.commandLine().getParseResult().originalArgs()));
        a.put("created_utc", Instant.now().toString());
        a.put("jdk", System.getProperty("java.vm.vendor") + " " + Runtime.version());
        a.put("os_arch", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return a;
    }

    /**
     * The command line as a POSIX shell would take it back: {@code gdsweep} and every argument, each quoted when it
     * holds anything but letters, digits and {@code @%+=:,./-_} (single quotes; a single quote inside becomes
     * {@code '\''}), so pasting it reruns the same job.
     */
    static String commandLine(java.util.List<String> args) {
        StringBuilder b = new StringBuilder("gdsweep");
        for (String a : args) b.append(' ').append(shellQuote(a));
        return b.toString();
    }

    static String shellQuote(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9@%+=:,./_-]+")) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static void stopRule(Map<String, Object> a, StopRule rule) {
        a.put("criterion", switch (rule.criterion()) {
            case LOSS -> "loss <= tol";
            case GRADIENT_NORM -> "|grad L| <= tol";
            case DATA_LOSS -> "data term L - (lambda/2)|theta|^2 <= tol at the horizon";
        });
        // [LM] Fig. 3 as its authors' notebook ran it (StopOptions --protocol), or gdsweep's canonical rule
        a.put("protocol", rule.criterion() == StopRule.Criterion.DATA_LOSS ? "lm-notebook" : "canonical");
        a.put("tolerance", rule.tolerance());
        a.put("divergence_norm2", rule.divergenceNorm2());
        a.put("max_iterations", rule.maxIterations());
        a.put("fixed_horizon", rule.fixedHorizon() ? "on" : "off");
    }

    static void seed(Map<String, Object> a, long seed) {
        a.put("seed", seed);
        a.put("rng", "SplitMix64 streams 'slice', 'origin', 'starts', 'target'; Box-Muller with StrictMath");
    }
}
