package org.gdsweep.engine.problem;

/**
 * A command-line option that a {@link LossFamily} needs to build its problem (for example {@code --d} or {@code --Y}).
 * The CLI registers every family's options once; options that several families share (same name) must agree on type,
 * label and default, and their descriptions are joined.
 *
 * @param name         the option as typed, e.g. {@code --depth}
 * @param paramLabel   the value's placeholder in help, e.g. {@code H}
 * @param type         {@code int.class}, {@code double.class} or {@code String.class}
 * @param defaultValue the value when the option is not given, as typed on the command line
 * @param description  what the option means for this family, with its allowed range (no trailing "Default:")
 */
public record FamilyOption(String name, String paramLabel, Class<?> type, String defaultValue, String description) {
    public FamilyOption {
        if (!name.startsWith("--")) throw new IllegalArgumentException("option names start with --: " + name);
        if (type != int.class && type != double.class && type != String.class)
            throw new IllegalArgumentException("option type must be int, double or String: " + type);
    }
}
