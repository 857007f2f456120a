package org.gdsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gdsweep reproduce NAME}: one paper figure in one command. Parses and validates the preset's settings, runs
 * the preset ({@link Presets}) into a fresh folder, prints the paper's numbers beside gdsweep's, and moves the folder
 * into place only when everything in it is written (all or nothing).
 */
@Command(name = "reproduce", header = "Reproduce a paper's figure: HDF5 files and the figure in one folder, the paper's numbers beside gdsweep's.",
        mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {"Each preset runs the gdsweep commands behind one figure of [LM], [CG] or [WCZT] (docs/science.md) and",
                "checks what theory says of it. Settings a paper leaves open (step size, window, seed, resolution) are options",
                "(--set NAME=VALUE) and are recorded in the folder's summary.txt and in every file's provenance."},
        footer = {"", "Examples:", "  gdsweep reproduce --list", "  gdsweep reproduce lm-fig4 --quick", "  gdsweep reproduce lm-fig1-right --set eta=0.35 -o fig1r"})
final class ReproduceCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The preset (see --list).")
    String name;
    @Option(names = "--list", description = "List the presets with their settings and defaults.")
    boolean list;
    @Option(names = "--quick", description = "A small version of the preset (seconds, for tests): coarser grids, fewer starts and steps.")
    boolean quick;
    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Change a setting of the preset (repeatable); --list shows them.")
    List<String> sets;
    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", description = "Folder for the preset's files. Default: gdsweep-out/reproduce/NAME.")
    String outputDir;
    @Option(names = "--force", description = "Replace an existing folder.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (list) {
            for (Presets.Preset p : Presets.ALL.values()) {
                out.printf(Locale.ROOT, "%-16s %s%n", p.name(), p.title());
                for (Presets.Setting s : p.settings())
                    out.printf(Locale.ROOT, "    %-14s %s (default %s, --quick %s)%n", s.name(), s.description(), s.full(), s.quick());
            }
            return Main.EXIT_OK;
        }
        if (name == null) throw new BadInputException("NAME: give a preset, one of " + String.join(", ", Presets.ALL.keySet()) + " (or --list)");
        Presets.Preset preset = Presets.ALL.get(name.trim());
        if (preset == null) throw new BadInputException("NAME must be one of " + String.join(", ", Presets.ALL.keySet()) + ", got '" + name + "'");
        Map<String, String> settings = new LinkedHashMap<>();
        for (Presets.Setting s : preset.settings()) settings.put(s.name(), quick ? s.quick() : s.full());
        for (String kv : sets == null ? List.<String>of() : sets) {
            int eq = kv.indexOf('=');
            String key = eq < 0 ? kv.trim() : kv.substring(0, eq).trim();
            if (eq < 0 || !settings.containsKey(key))
                throw new BadInputException("--set must be NAME=VALUE with NAME one of " + String.join(", ", settings.keySet()) + " for " + preset.name() + ", got '" + kv + "'");
            settings.put(key, kv.substring(eq + 1).trim());
        }
        preset.validate(settings);
        Path dir = Path.of(outputDir != null ? outputDir : "gdsweep-out/reproduce/" + preset.name()).toAbsolutePath().normalize();
        if (Files.exists(dir) && !force) throw new BadInputException("--output-dir: " + dir + " exists; nothing written (use --force to replace it)");
        Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
        Presets.deleteTree(partial);
        Files.createDirectories(partial);
        out.printf(Locale.ROOT, "reproduce %s%s: %s%n", preset.name(), quick ? " (quick)" : "", preset.title());
        out.printf(Locale.ROOT, "settings: %s%n", settings.toString().replaceAll("[{}]", ""));
        long t0 = System.nanoTime();
        Presets.Run run = new Presets.Run(partial, quick, settings, out);
        try {
            preset.run(run);
            run.writeSummary(preset, (System.nanoTime() - t0) * 1e-9);
        } catch (IOException | RuntimeException e) {
            Presets.deleteTree(partial);
            throw e;
        }
        // all or nothing: the folder appears when every file in it is written
        Path old = dir.resolveSibling(dir.getFileName() + ".old");
        if (Files.exists(dir)) {
            Presets.deleteTree(old);
            Files.move(dir, old);
        }
        Files.move(partial, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Presets.deleteTree(old);
        out.println(run.table());
        out.printf(Locale.ROOT, "wall %.1f s; wrote %s (figure %s, summary.txt, commands.log)%n", (System.nanoTime() - t0) * 1e-9, dir, preset.name() + ".png");
        return Main.EXIT_OK;
    }
}
