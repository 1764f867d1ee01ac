package io.dataflow.sql;

import io.dataflow.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code :name} placeholders into JDBC {@code ?} parameters, so values are always bound and
 * never spliced into SQL text. Placeholders inside strings, quoted identifiers and comments, and
 * PostgreSQL casts ({@code ::type}), are left alone.
 *
 * @param sql   the SQL with {@code ?} in place of each placeholder
 * @param names the placeholder names, in the order of the {@code ?}s
 */
public record NamedParameters(String sql, List<String> names) {

    public static NamedParameters parse(String sql) {
        StringBuilder out = new StringBuilder();
        List<String> names = new ArrayList<>();
        int last = 0;
        for (SqlToken token : SqlLexer.tokenize(sql)) {
            if (token.kind() != SqlToken.Kind.PARAMETER) continue;
            out.append(sql, last, token.offset()).append('?');
            names.add(token.text().substring(1));
            last = token.offset() + token.text().length();
        }
        out.append(sql, last, sql.length());
        return new NamedParameters(out.toString(), List.copyOf(names));
    }

    /** The values in placeholder order; a missing one is refused, naming it. */
    public List<Object> values(Map<String, ?> params, String where) {
        List<Object> values = new ArrayList<>();
        for (String name : names) {
            if (!params.containsKey(name)) {
                // no advice on how to pass it: that depends on the face (Java options, a node's params, a CLI flag), which adds its own
                throw new ConfigException(where, "params." + name, "the SQL uses :" + name + " but no value was given for it"
                        + (params.isEmpty() ? " (no parameters were given)" : " (given: " + String.join(", ", new java.util.TreeSet<>(params.keySet())) + ")"));
            }
            values.add(params.get(name));
        }
        return values;
    }
}
