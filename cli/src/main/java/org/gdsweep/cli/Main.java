package org.gdsweep.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.gdsweep.engine.problem.ProblemSpecException;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.io.OutputSet;

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
        // subcommands: SUBCOMMANDS, added by commandLine (only those a command line needs)
        synopsisSubcommandLabel = "COMMAND")
public final class Main implements java.util.concurrent.Callable<Integer> {
    public static final int EXIT_OK = 0, EXIT_FAILURE = 1, EXIT_BAD_INPUT = 2;

    /**
     * The subcommands, in the order help lists them. picocli builds a command's model (reflection over its options,
     * the families' options) when the command is added, about 30 ms each on a cold JVM, so {@link #commandLine} adds
     * only the one a command line names.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("map", MapCommand::new);
        SUBCOMMANDS.put("scan", ScanCommand::new);
        SUBCOMMANDS.put("critical", CriticalCommand::new);
        SUBCOMMANDS.put("trace", TraceCommand::new);
        SUBCOMMANDS.put("dimension", DimensionCommand::new);
        SUBCOMMANDS.put("refine", RefineCommand::new);
        SUBCOMMANDS.put("zoom", ZoomCommand::new);
        SUBCOMMANDS.put("merge", MergeCommand::new);
        SUBCOMMANDS.put("batch", BatchCommand::new);
        SUBCOMMANDS.put("reproduce", ReproduceCommand::new);
        SUBCOMMANDS.put("layout", LayoutCommand::new);
        SUBCOMMANDS.put("help", CommandLine.HelpCommand::new);
    }

    /**
     * The gdsweep command line for {@code args}: with only the subcommand {@code args[0]} names, none for
     * {@code --version}, and all of them otherwise (help, the usage message, suggestions for a misspelt command).
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        String first = args.length > 0 ? args[0] : "";
        if (first.equals("--version") || first.equals("-V")) return cl;
        boolean one = SUBCOMMANDS.containsKey(first) && !first.equals("help");
        for (Map.Entry<String, Supplier<Object>> c : SUBCOMMANDS.entrySet())
            if (!one || c.getKey().equals(first)) cl.addSubcommand(c.getKey(), c.getValue().get());
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        return DefaultSweep.run(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    public static void main(String[] args) {
        // jhdf logs through SLF4J; without a provider SLF4J prints a three-line warning. We log nothing through it.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        if (asksForALongSweep(args)) Sweep.prefetchVectorPath();
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Whether the command line names a grid of {@link Sweep#PREFETCH_RUNS} runs or more ({@code --size 2048} and up), read
     * before picocli has parsed it, on a machine with a core to spare. Such a sweep trains a vector kernel, and readying
     * the vector path (the Vector API's module, its operations' linkage: 0.1-0.2 s of a core) on a thread of its own
     * while picocli parses on this one keeps a cold 4096² map's whole process where it was with the eager kernels
     * (1.70 against 1.73 s), where the sweep's own start was too late for it (1.82 against 1.65 s: both cores are busy
     * by then; medians of 8 alternated runs; BENCHMARKS.md, session 20). A hint, nothing more: a size picocli then
     * refuses, or a sweep that stays on scalar code, only cost the thread's work.
     */
    static boolean asksForALongSweep(String[] args) {
        if (Runtime.getRuntime().availableProcessors() < 2) return false;
        for (int i = 0; i < args.length; i++) {
            String value = args[i].startsWith("--size=") ? args[i].substring("--size=".length())
                    : args[i].equals("--size") && i + 1 < args.length ? args[i + 1] : null;
            if (value == null) continue;
            try {
                int[] wh = Parse.size("--size", value);
                if ((long) wh[0] * wh[1] >= Sweep.PREFETCH_RUNS) return true;
            } catch (BadInputException e) { // picocli and the command say what is wrong with it
            }
        }
        return false;
    }

    /** Parses and runs; returns the exit code. Used by tests too. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return configure(commandLine(args), out, err).execute(args);
    }

    /** Output streams and the one-line error reporting (exit 2 for bad input, 1 for failures) of every command. */
    static CommandLine configure(CommandLine cl, PrintWriter out, PrintWriter err) {
        ProblemOptions.addFamilyOptions(cl.getCommandSpec());
        for (CommandLine sub : cl.getSubcommands().values()) ProblemOptions.addFamilyOptions(sub.getCommandSpec());
        // Whatever a command did, an output set it left open (an exception, an early return) is rolled back.
        cl.setExecutionStrategy(parsed -> {
            try {
                return new CommandLine.RunLast().execute(parsed);
            } catch (OutOfMemoryError e) { // picocli passes Errors through; a stack trace would help nobody
                List<CommandLine> chain = parsed.asCommandLineList();
                CommandLine c = chain.get(chain.size() - 1);
                c.getErr().println(outOfMemory(c.getCommandName()));
                return EXIT_BAD_INPUT;
            } finally {
                OutputSet.closeOpen();
            }
        });
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
            for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof OutOfMemoryError) { // in another thread (the PNG), wrapped
                    c.getErr().println(outOfMemory(c.getCommandName()));
                    return EXIT_BAD_INPUT;
                }
            }
            c.getErr().println("gdsweep " + c.getCommandName() + ": failed: " + describe(ex) + "; nothing written");
            if (System.getenv("GDSWEEP_DEBUG") != null) ex.printStackTrace(c.getErr());
            return EXIT_FAILURE;
        });
        return cl;
    }

    /** The one line for an out-of-memory error (the up-front memory checks should make it rare). */
    static String outOfMemory(String command) {
        return "gdsweep " + command + ": out of memory (Java heap " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB); nothing written; " + ExecOptions.heapAdvice();
    }

    /**
     * A failure in words a user can act on: the deepest cause's message (libraries wrap I/O errors, as jhdf's
     * "Exception writing ..." does), named when the operating system said what went wrong.
     */
    static String describe(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String all = "";
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) all += " " + t.getMessage();
        String file = root instanceof java.nio.file.FileSystemException f && f.getFile() != null ? " (" + f.getFile() + ")" : "";
        if (all.contains("No space left on device")) return "disk full" + file + ": " + oneLine(root.getMessage());
        if (all.contains("Disk quota exceeded")) return "disk quota exceeded" + file;
        if (root instanceof java.nio.file.AccessDeniedException || all.contains("Permission denied")) return "permission denied" + file;
        if (all.contains("File name too long")) return "file name too long" + file;
        if (all.contains("Read-only file system")) return "read-only file system" + file;
        if (root instanceof java.nio.file.FileAlreadyExistsException f)
            return f.getFile() + " appeared while running (use --force to overwrite)";
        String m = root.getMessage();
        return oneLine(m == null ? root.getClass().getSimpleName() : m);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
