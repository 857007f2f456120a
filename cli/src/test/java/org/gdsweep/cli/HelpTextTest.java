package org.gdsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every line of every command's help is a valid format string. picocli renders each description, header and footer
 * line through {@link String#format}; a line it cannot format (a lone {@code %s} in an example) is printed raw, with
 * a "[picocli WARN]" on stderr and {@code %n} left unexpanded, so a user asking for help gets a warning instead.
 */
class HelpTextTest {

    @Test
    void everyHelpLineFormats() {
        CommandLine root = Main.configure(Main.commandLine(new String[] {"--help"}),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<String> bad = new ArrayList<>();
        List<CommandLine> all = new ArrayList<>(List.of(root));
        for (int i = 0; i < all.size(); i++) all.addAll(all.get(i).getSubcommands().values());
        for (CommandLine cl : all) {
            CommandSpec spec = cl.getCommandSpec();
            List<String> lines = new ArrayList<>();
            lines.addAll(List.of(spec.usageMessage().description()));
            lines.addAll(List.of(spec.usageMessage().header()));
            lines.addAll(List.of(spec.usageMessage().footer()));
            for (ArgSpec a : spec.args()) lines.addAll(List.of(a.description()));
            for (String line : lines) {
                try {
                    String.format(line);
                } catch (IllegalFormatException e) {
                    bad.add(spec.qualifiedName() + ": " + line + " (" + e + ")");
                }
            }
        }
        assertTrue(all.size() > 10, "found only " + all.size() + " commands");
        assertEquals(List.of(), bad);
    }
}
