package org.gdsweep.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine;

/**
 * The built-in default: [LM] Fig. 1 left, (uᵀv − 1)² + 0.3(‖u‖² + ‖v‖²) with u, v ∈ ℝ⁵, written step 0.38, i.e.
 * canonical λ = 0.3, η = 0.76, inside Theorem 3's fractal range 0 &lt; λ ≤ min{1/η − |y|, 1/(2η)} = 0.3158. A
 * random 2-D slice (seed 1) of ℝ¹⁰ through the origin, 1024×1024, coloured as in the paper by one coordinate (u[0]) of
 * the reached minimiser ±√(y − λ)(u₀+v₀)/‖u₀+v₀‖: it varies smoothly with the start's direction and flips sign
 * where neighbouring starts reach opposite minimisers. Never overwrites: picks a fresh file name.
 */
final class DefaultSweep {
    static final String CAPTION = "[LM] Fig. 1 left: (u'v - 1)^2 + 0.3(|u|^2 + |v|^2), u, v in R^5, step 0.38 "
            + "(canonical eta = 0.76, lambda = 0.3), random slice seed 1";

    private DefaultSweep() {}

    static int run(PrintWriter out, PrintWriter err) {
        Path dir = Path.of("gdsweep-out");
        Path h5 = dir.resolve("lm-fig1-left.h5");
        for (int i = 2; Files.exists(h5) || Files.exists(dir.resolve(h5.getFileName().toString().replace(".h5", ".png"))); i++)
            h5 = dir.resolve("lm-fig1-left-" + i + ".h5");
        List<String> args = List.of("--loss", "scalar", "--d", "5", "--y", "1", "--c", "1", "--mu", "0.3", "--eta", "0.38",
                "--slice", "random", "--seed", "1", "--window=-2.5:2.5,-2.5:2.5", "--size", "1024",
                "--max-iter", "10000", "--color", "param:0", "-o", h5.toString());
        out.println("gdsweep: no command given; running the built-in default sweep:");
        out.println("  gdsweep map " + String.join(" ", args));
        MapCommand map = new MapCommand();
        map.caption = CAPTION;
        int rc = Main.configure(new CommandLine(map), out, err).execute(args.toArray(String[]::new));
        if (rc == 0) {
            out.println("The PNG shows which starts of the slice converge (grey: they do not) and, in colour, u[0] of the");
            out.println("minimiser +-sqrt(y - lambda)(u0+v0)/|u0+v0| each start reaches: colour jumps where neighbouring");
            out.println("starts reach opposite minimisers. Near the grey region those basins interleave on a fractal boundary.");
        }
        return rc;
    }
}
