package org.gdsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.gdsweep.io.Hdf5Layout;
import org.junit.jupiter.api.Test;

/** The layout catalogue (io's Hdf5Layout) against docs/hdf5-layout.md, and the {@code gdsweep layout} command. */
class LayoutCatalogueTest {
    private static final Path DOC = Path.of("../docs/hdf5-layout.md");

    /** The heading that starts each kind's section of the layout document. */
    private static final Map<Hdf5Layout.Kind, String> SECTIONS = Map.of(
            Hdf5Layout.Kind.MAP, "## Basin map", Hdf5Layout.Kind.SCAN, "## Step-size scan", Hdf5Layout.Kind.CRITICAL, "## Critical step sizes",
            Hdf5Layout.Kind.TRACE, "## Trajectories", Hdf5Layout.Kind.ZOOM, "## Zoom", Hdf5Layout.Kind.REFINE, "## Adaptive refinement",
            Hdf5Layout.Kind.MEASURES, "## Fractal measures", Hdf5Layout.Kind.MAP_INDEX, "## Tiled maps", Hdf5Layout.Kind.SCAN_INDEX, "## Tiled scans",
            Hdf5Layout.Kind.CRITICAL_TILE, "## Tiled critical step sizes");

    @Test
    void everyCataloguedDatasetIsDocumentedInItsSection() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        String shared = section(doc, "## Groups every file shares");
        String measures = section(doc, "## Fractal measures");
        List<String> missing = new ArrayList<>();
        for (Hdf5Layout.Kind k : Hdf5Layout.Kind.values()) {
            String text = section(doc, SECTIONS.get(k));
            // a scan index holds the datasets of a scan file but runs/, documented there ("every dataset ... except runs/")
            if (k == Hdf5Layout.Kind.SCAN_INDEX) text += section(doc, SECTIONS.get(Hdf5Layout.Kind.SCAN));
            for (Hdf5Layout.Field f : Hdf5Layout.fields(k)) {
                String path = f.path().replace("{derived}", "product").replace("{array}", "Y");
                // attributes stored as datasets when too large are documented once, in the shared section
                boolean longAttribute = f.when().startsWith("the attribute of the same name");
                String where = longAttribute || path.startsWith("slice/") || path.startsWith("problem/") ? shared
                        : path.startsWith("measures/") ? measures : text;
                if (!documented(where, path)) missing.add(k + ": " + path);
            }
        }
        assertTrue(missing.isEmpty(), "catalogued but not in docs/hdf5-layout.md: " + missing);
        assertTrue(doc.contains("`layout_version` = " + Hdf5Layout.VERSION), "the document names layout version " + Hdf5Layout.VERSION);
    }

    /** "`path`", or "`group/`" (or "`group/…`") together with "`leaf`" in the same section. */
    private static boolean documented(String text, String path) {
        if (text.contains("`" + path + "`")) return true;
        int slash = path.lastIndexOf('/');
        if (slash < 0) return false;
        String group = path.substring(0, slash + 1), leaf = path.substring(slash + 1);
        return (text.contains("`" + group + "`") || text.contains("`" + group + "…`") || text.contains("`" + group)) && text.contains("`" + leaf + "`");
    }

    private static String section(String doc, String heading) {
        int i = doc.indexOf(heading);
        assertTrue(i >= 0, "docs/hdf5-layout.md has a section '" + heading + "'");
        int j = doc.indexOf("\n## ", i + heading.length());
        return doc.substring(i, j < 0 ? doc.length() : j);
    }

    /** The HDF5 layout has one home: no main source outside io imports jhdf. */
    @Test
    void onlyIoImportsJhdf() throws Exception {
        List<String> offenders = new ArrayList<>();
        for (String module : List.of("../engine", "../cli", "../bench")) {
            try (var files = Files.walk(Path.of(module, "src/main/java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList())
                    if (Files.readString(f).contains("import io.jhdf")) offenders.add(f.toString());
            }
        }
        assertTrue(offenders.isEmpty(), "jhdf imported outside io: " + offenders);
    }

    @Test
    void layoutCommandPrintsTheCatalogue() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(0, Main.run(new String[] {"layout", "map"}, new PrintWriter(out, true), new PrintWriter(err, true)), err.toString());
        assertTrue(out.toString().contains("limit_orthant") && !out.toString().contains("population_quantiles"), out.toString());
        out = new StringWriter();
        assertEquals(0, Main.run(new String[] {"layout", "--json"}, new PrintWriter(out, true), new PrintWriter(err, true)), err.toString());
        assertTrue(out.toString().startsWith("{\"layout_version\": " + Hdf5Layout.VERSION), out.toString());
        assertEquals(2, Main.run(new String[] {"layout", "bogus"}, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
    }
}
