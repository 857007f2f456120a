package org.gdsweep.cli;

import java.io.PrintWriter;

import org.gdsweep.engine.problem.ProblemSpecException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The gdsweep command. Exit codes: 0 success, 1 failure while running (e.g. disk full), 2 bad input.
 * The only place that calls {@link System#exit}.
 */
@Command(name = "gdsweep", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {
            "Maps what gradient descent does with large step sizes, from millions of starts at once.",
            "Without a subcommand, runs the built-in default sweep ([LM] Fig. 1 left) into ./gdsweep-out/."},
        subcommands = {MapCommand.class, ScanCommand.class, CriticalCommand.class, TraceCommand.class, DimensionCommand.class, RefineCommand.class, ZoomCommand.class, LayoutCommand.class, CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {
    public static final int EXIT_OK = 0, EXIT_FAILURE = 1, EXIT_BAD_INPUT = 2;

    @Override
    public Integer call() throws Exception {
        return DefaultSweep.run(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    public static void main(String[] args) {
        // jhdf logs through SLF4J; without a provider SLF4J prints a three-line warning. We log nothing through it.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Parses and runs; returns the exit code. Used by tests too. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return configure(new CommandLine(new Main()), out, err).execute(args);
    }

    /** Output streams and the one-line error reporting (exit 2 for bad input, 1 for failures) of every command. */
    static CommandLine configure(CommandLine cl, PrintWriter out, PrintWriter err) {
        ProblemOptions.addFamilyOptions(cl.getCommandSpec());
        for (CommandLine sub : cl.getSubcommands().values()) ProblemOptions.addFamilyOptions(sub.getCommandSpec());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            String cmd = ex.getCommandLine().getCommandName();
            String where = cmd.equals("gdsweep") ? "gdsweep" : "gdsweep " + cmd;
            ex.getCommandLine().getErr().println(where + ": " + oneLine(ex.getMessage()) + " (see '" + where + " --help')");
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof BadInputException || ex instanceof ProblemSpecException) {
                c.getErr().println("gdsweep " + c.getCommandName() + ": " + oneLine(ex.getMessage()));
                return EXIT_BAD_INPUT;
            }
            c.getErr().println("gdsweep " + c.getCommandName() + ": failed: " + oneLine(String.valueOf(ex.getMessage())));
            if (System.getenv("GDSWEEP_DEBUG") != null) ex.printStackTrace(c.getErr());
            return EXIT_FAILURE;
        });
        return cl;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
