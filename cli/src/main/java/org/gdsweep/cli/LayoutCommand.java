package org.gdsweep.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.gdsweep.io.Hdf5Layout;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gdsweep layout}: the datasets of every kind of file gdsweep writes (the catalogue in io). */
@Command(name = "layout", header = "The datasets of every kind of file gdsweep writes (names, types, axes, units, when present).",
        mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {"Prints the HDF5 layout catalogue: for each kind of file (or the one named), every dataset with its element",
            "type, axis names (the 'dims' attribute), units, description and the option that adds it. --json prints it as JSON."},
        footer = {"", "Examples:", "  gdsweep layout map", "  gdsweep layout --json"})
public final class LayoutCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", arity = "0..1", paramLabel = "KIND", description = "map, scan, critical, trace, zoom, refine or measures. Default: all.")
    Hdf5Layout.Kind kind;
    @Option(names = "--json", description = "Print the whole catalogue as JSON (what scripts/check_hdf5.py reads).")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            if (kind != null) throw new BadInputException("--json prints every kind; give no KIND with it");
            out.print(Hdf5Layout.json());
            out.flush();
            return Main.EXIT_OK;
        }
        out.printf(Locale.ROOT, "gdsweep HDF5 layout version %d (docs/hdf5-layout.md)%n", Hdf5Layout.VERSION);
        for (Hdf5Layout.Kind k : Hdf5Layout.Kind.values()) {
            if (kind != null && k != kind) continue;
            out.printf(Locale.ROOT, "%n%s (layout = \"%s\")%n", k.name().toLowerCase(Locale.ROOT), k.title);
            for (Hdf5Layout.Field f : Hdf5Layout.fields(k))
                out.printf(Locale.ROOT, "  %-30s %-8s %-22s %s  [%s]%n", f.path(), f.dtype(), f.dims().isEmpty() ? "" : "(" + String.join(", ", f.dims()) + ")",
                        f.description(), f.when());
        }
        return Main.EXIT_OK;
    }
}
