package io.dataflow.workflow;

import java.util.List;

/**
 * An explicit connection: the value at {@code fromPath} of {@code from}'s output is put at
 * {@code toKey} (a dotted path) of {@code to}'s config.
 */
public record Edge(String from, List<String> fromPath, String to, String toKey) {

    @Override
    public String toString() {
        return from + (fromPath.isEmpty() ? "" : "." + String.join(".", fromPath)) + " -> " + to + "." + toKey;
    }
}
