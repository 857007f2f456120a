package org.gdsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gdsweep batch}: many gdsweep commands in one process, so that a scripted study pays the JVM's start and the
 * kernels' JIT warm-up once instead of once per command.
 */
@Command(name = "batch", header = "Run many gdsweep commands, one per line of a file, in one process.",
        mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {
            "Each line of FILE (- for standard input) is one gdsweep command line, written as for a POSIX shell",
            "(words split at blanks; '...', \"...\" and \\ quote), with or without a leading 'gdsweep'; blank lines",
            "and lines starting with # are skipped. Every line is parsed before any runs: a line with an unknown",
            "option or a quoting error stops the batch (exit 2) with nothing run. Commands then run in order, each",
            "writing its own outputs as it would alone; the batch stops at the first that fails, unless --keep-going.",
            "Exit code: 0 if every command succeeded, else the first failing command's.",
            "Worth it for many short commands: a process costs 0.4-0.6 s before its work, and every process warms",
            "up the JIT again (BENCHMARKS.md, 'whole process')."},
        footer = {"", "Example:",
            "  printf '%%s\\n' 'map --eta 0.9 --size 256 -o a.h5' 'map --eta 1.1 --size 256 -o b.h5' | gdsweep batch -"})
public final class BatchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "FILE", description = "The commands, one per line; - reads standard input.")
    String file;
    @Option(names = "--keep-going", description = "Run the remaining commands after one fails.")
    boolean keepGoing;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        List<String> lines;
        try {
            lines = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()
                    : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException("FILE: " + file + " does not exist");
        }
        List<String[]> commands = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            List<String> words;
            try {
                words = words(line);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(String.format(Locale.ROOT, "FILE line %d: %s", i + 1, e.getMessage()));
            }
            if (!words.isEmpty() && (words.get(0).equals("gdsweep") || words.get(0).endsWith("/gdsweep"))) words = words.subList(1, words.size());
            if (words.isEmpty() || words.get(0).equals("batch"))
                throw new BadInputException(String.format(Locale.ROOT, "FILE line %d: %s", i + 1,
                        words.isEmpty() ? "no command" : "a batch cannot run a batch"));
            String[] args = words.toArray(String[]::new);
            try { // the whole batch is parsed before anything runs
                Main.configure(Main.commandLine(args), out, err).parseArgs(args); // configure adds the families' options
            } catch (CommandLine.ParameterException e) {
                throw new BadInputException(String.format(Locale.ROOT, "FILE line %d: %s", i + 1, Main.oneLine(e.getMessage())));
            }
            commands.add(args);
            lineNumbers.add(i + 1);
        }
        if (commands.isEmpty()) throw new BadInputException("FILE: " + file + " holds no command");
        int firstFailure = Main.EXIT_OK;
        for (int c = 0; c < commands.size(); c++) {
            String[] args = commands.get(c);
            err.printf(Locale.ROOT, "gdsweep batch: [%d/%d] line %d: %s%n", c + 1, commands.size(), lineNumbers.get(c), Provenance.commandLine(List.of(args)));
            err.flush();
            int code = Main.configure(Main.commandLine(args), out, err).execute(args);
            if (code != Main.EXIT_OK) {
                if (firstFailure == Main.EXIT_OK) firstFailure = code;
                err.printf(Locale.ROOT, "gdsweep batch: line %d exited %d%s%n", lineNumbers.get(c), code,
                        keepGoing ? "; going on (--keep-going)" : c + 1 < commands.size() ? "; the remaining " + (commands.size() - c - 1) + " not run" : "");
                if (!keepGoing) break;
            }
        }
        return firstFailure;
    }

    /**
     * The words of a command line as a POSIX shell splits them (no expansions): blanks separate words; single quotes
     * keep everything to the next single quote; double quotes keep everything but \" \\ \$ \` escapes; a backslash
     * outside quotes keeps the next character.
     *
     * @throws IllegalArgumentException on an unclosed quote or a trailing backslash
     */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == ' ' || ch == '\t') {
                if (inWord) words.add(w.toString());
                w.setLength(0);
                inWord = false;
            } else if (ch == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) throw new IllegalArgumentException("unclosed ' (quote)");
                w.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (ch == '"') {
                int j = i + 1;
                for (; j < line.length() && line.charAt(j) != '"'; j++) {
                    char d = line.charAt(j);
                    if (d == '\\' && j + 1 < line.length() && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) d = line.charAt(++j);
                    w.append(d);
                }
                if (j >= line.length()) throw new IllegalArgumentException("unclosed \" (quote)");
                i = j;
                inWord = true;
            } else if (ch == '\\') {
                if (i + 1 >= line.length()) throw new IllegalArgumentException("a \\ ends the line");
                w.append(line.charAt(++i));
                inWord = true;
            } else {
                w.append(ch);
                inWord = true;
            }
        }
        if (inWord) words.add(w.toString());
        return words;
    }
}
