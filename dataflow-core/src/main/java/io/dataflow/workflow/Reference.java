package io.dataflow.workflow;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A config value that takes an upstream node's output: {@code ":node_id"} (the whole output) or
 * {@code ":node_id.path.to.field"} (list elements by index: {@code ":list.rows.0.id"}). Only a
 * whole string of that form is a reference; SQL text containing {@code :name} placeholders is not.
 * A literal text starting with a colon is written with two: {@code "::text"} means {@code ":text"}.
 *
 * @param target the node id (or workflow parameter) referenced
 * @param path   the path inside its output
 */
public record Reference(String target, List<String> path) {

    private static final Pattern FORM = Pattern.compile(":([A-Za-z_][A-Za-z0-9_]*)((?:\\.[A-Za-z0-9_$-]+)*)");

    public static Optional<Reference> parse(Object value) {
        if (!(value instanceof String s) || s.startsWith("::")) return Optional.empty();
        Matcher m = FORM.matcher(s);
        if (!m.matches()) return Optional.empty();
        List<String> path = m.group(2).isEmpty() ? List.of() : List.of(m.group(2).substring(1).split("\\."));
        return Optional.of(new Reference(m.group(1), path));
    }

    /** Unescapes {@code "::text"} to {@code ":text"}; other values are returned as they are. */
    static Object literal(Object value) {
        return value instanceof String s && s.startsWith("::") ? s.substring(1) : value;
    }

    @Override
    public String toString() {
        return ":" + target + (path.isEmpty() ? "" : "." + String.join(".", path));
    }
}
