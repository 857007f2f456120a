package org.gdsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ./gdsweep} command in README.md runs verbatim: each one in a code block, and each complete one in
 * inline code, is run in this JVM (in order, so later commands find the files earlier ones wrote) and must exit 0.
 * Relative file names (a.h5, fig3-measured.h5) are put in a temporary folder. A long command is shortened by an HTML
 * comment just before its block, visible in the README's source:
 * {@code <!-- readme-test: "--size 2048" -> "--size 96"; "--uncertainty 20000" -> "--uncertainty 500" -->}, or left
 * to another check with {@code <!-- readme-test: skip (reason) -->}. The bare {@code ./gdsweep} (the default sweep
 * into ./gdsweep-out) and {@code ./run-tests} are run by scripts/check-launcher.sh and by CI.
 */
class ReadmeCommandsTest {
    @TempDir Path dir;

    record Command(int line, String text, String marker) {}

    static List<Command> commands(List<String> lines) {
        List<Command> out = new ArrayList<>();
        boolean fenced = false;
        String marker = null;
        Pattern inline = Pattern.compile("`(\\./gdsweep[^`]*)`");
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("<!-- readme-test:")) {
                marker = l.substring("<!-- readme-test:".length(), l.lastIndexOf("-->")).trim();
                continue;
            }
            if (l.startsWith("```")) {
                fenced = !fenced;
                if (!fenced) marker = null; // a marker applies to the block that follows it
                continue;
            }
            if (fenced) {
                if (!l.startsWith("./gdsweep")) continue;
                StringBuilder c = new StringBuilder(l);
                int start = i;
                while (c.toString().endsWith("\\") && i + 1 < lines.size()) {
                    c.setLength(c.length() - 1);
                    c.append(' ').append(lines.get(++i).trim());
                }
                out.add(new Command(start + 1, c.toString().trim(), marker));
            } else {
                Matcher m = inline.matcher(l);
                while (m.find()) out.add(new Command(i + 1, m.group(1).trim(), null));
            }
        }
        return out;
    }

    /** Splits a command line like a shell: whitespace, single and double quotes. */
    static List<String> words(String s) {
        List<String> w = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : s.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0;
                else cur.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || !cur.isEmpty()) w.add(cur.toString());
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
            }
        }
        if (any || !cur.isEmpty()) w.add(cur.toString());
        return w;
    }

    @Test
    void everyReadmeCommandRuns() throws IOException {
        List<Command> all = commands(Files.readAllLines(Path.of("../README.md")));
        assertTrue(all.size() >= 15, "found " + all.size() + " commands");
        int ran = 0;
        List<String> failures = new ArrayList<>();
        java.util.Set<String> rules = new java.util.LinkedHashSet<>(), used = new java.util.HashSet<>();
        for (Command c : all) {
            assertFalse(c.text().contains("\u2026"), "README line " + c.line() + ": an incomplete command in code: " + c.text());
            String text = c.text();
            if (text.equals("./gdsweep")) continue; // the default sweep writes ./gdsweep-out: scripts/check-launcher.sh runs it
            if (c.marker() != null && c.marker().startsWith("skip")) continue;
            if (c.marker() != null) {
                // a marker's rules apply to the commands of its block that contain them; each must apply to one at least
                for (String rule : c.marker().split(";")) {
                    String[] ab = rule.split("->");
                    String from = ab[0].trim(), to = ab[1].trim();
                    from = from.substring(1, from.length() - 1);
                    to = to.substring(1, to.length() - 1);
                    rules.add(c.marker() + " :: " + from);
                    if (text.contains(from)) used.add(c.marker() + " :: " + from);
                    text = text.replace(from, to);
                }
            }
            List<String> w = words(text);
            List<String> args = new ArrayList<>();
            for (String a : w.subList(1, w.size())) {
                if (!args.isEmpty() && List.of("-o", "--output", "--output-dir").contains(args.get(args.size() - 1)) && !a.contains("/")) {
                    args.add(dir.resolve(a).toString());
                    continue;
                }
                // relative files go to the temporary folder (also as the value of --opt=FILE)
                Matcher m = Pattern.compile("^(--[\\w-]+=)?([\\w.-]+\\.(h5|png|txt|tiles))$").matcher(a);
                args.add(m.matches() ? (m.group(1) == null ? "" : m.group(1)) + dir.resolve(m.group(2)) : a);
            }
            long t0 = System.nanoTime();
            CliRun r = CliRun.of(args.toArray(String[]::new));
            System.out.printf(java.util.Locale.ROOT, "README line %d: %.2f s: %s%n", c.line(), (System.nanoTime() - t0) * 1e-9, text);
            ran++;
            if (r.code() != 0) failures.add("README line " + c.line() + ": exit " + r.code() + ": " + text + "\n  " + r.err().trim());
        }
        assertEquals(List.of(), failures);
        rules.removeAll(used);
        assertEquals(java.util.Set.of(), rules, "readme-test markers whose text is in no command of their block (stale)");
        assertTrue(ran >= 12, "ran " + ran);
    }
}
