package io.dataflow.config;

import io.dataflow.DataFlowException;

/**
 * A configuration that was refused before anything ran. The message always names where the
 * problem is (a model, an index, a node) and the key, and says what would be accepted.
 */
public class ConfigException extends DataFlowException {

    private final String where;
    private final String key;

    public ConfigException(String where, String key, String problem) {
        super(format(where, key, problem));
        this.where = where;
        this.key = key;
    }

    private static String format(String where, String key, String problem) {
        StringBuilder sb = new StringBuilder();
        if (where != null && !where.isEmpty()) sb.append(where);
        if (key != null && !key.isEmpty()) sb.append(sb.length() > 0 ? ", key '" : "key '").append(key).append('\'');
        if (sb.length() > 0) sb.append(": ");
        return sb.append(problem).toString();
    }

    /** The model, index or node the problem was found in, e.g. {@code model Order, index idx_x}. */
    public String where() {
        return where;
    }

    /** The configuration key (dotted path) that holds the bad value. */
    public String key() {
        return key;
    }
}
