package io.dataflow.mview;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.schedule.Schedule;
import io.dataflow.sql.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The guide's {@code MaterializedViewNode} config, checked: a name that is an identifier, one SELECT,
 * index columns that the query returns, and {@code concurrent} only when rows have a unique key.
 *
 * @param name      the view's name (public schema)
 * @param shape     the parsed query
 * @param indexes   each index's columns
 * @param uniqueKey the columns of the unique index REFRESH CONCURRENTLY needs, empty when none is possible
 * @param method    concurrent or full
 * @param schedule  when to refresh, or null
 */
public record ViewSpec(String name, QueryShape shape, List<List<String>> indexes, List<String> uniqueKey, String method, String schedule) {

    public static final List<String> METHODS = List.of("concurrent", "full");

    public static ViewSpec read(ConfigReader config) {
        String name = Identifiers.require(config.string("name"), config.where(), "name");
        QueryShape shape = QueryShape.parse(config.string("query"), config.where(), "query");
        List<List<String>> indexes = indexes(config, shape);
        Optional<ConfigReader> refresh = config.optSection("refresh");
        String method = refresh.flatMap(r -> r.optString("method")).orElse("concurrent");
        if (!METHODS.contains(method)) throw new ConfigException(config.where(), "refresh.method", "'" + method + "' is not accepted; accepted: concurrent, full");
        String schedule = refresh.flatMap(r -> r.optString("schedule")).orElse(null);
        if (schedule != null) Schedule.parse(schedule, config.where(), "refresh.schedule");
        List<String> unique = uniqueKey(shape, indexes);
        if (method.equals("concurrent") && unique.isEmpty()) {
            throw new ConfigException(config.where(), "refresh.method", "concurrent refresh needs a unique index on plain columns, and this query's rows"
                    + " have no known unique key: GROUP BY keys that are all output columns (or SELECT DISTINCT) give one."
                    + " Return every GROUP BY key as a column, or use method: full (locks readers out during the refresh)");
        }
        return new ViewSpec(name, shape, indexes, unique, method, schedule);
    }

    private static List<List<String>> indexes(ConfigReader config, QueryShape shape) {
        List<List<String>> out = new ArrayList<>();
        if (!config.has("indexes")) return out;
        List<String> names = shape.columns().stream().map(OutputColumn::name).toList();
        List<?> raw = config.list("indexes");
        for (int i = 0; i < raw.size(); i++) {
            Object item = raw.get(i);
            List<String> cols = new ArrayList<>();
            if (item instanceof String s) cols.add(s);
            else if (item instanceof List<?> l) l.forEach(o -> cols.add(String.valueOf(o)));
            else throw new ConfigException(config.where(), "indexes[" + i + "]", "must be a column name or a list of them");
            for (String c : cols) {
                if (!names.contains(c)) {
                    throw new ConfigException(config.where(), "indexes[" + i + "]", "'" + c + "' is not a column of the view; its columns: " + String.join(", ", names));
                }
            }
            out.add(List.copyOf(cols));
        }
        return out;
    }

    /** A listed index that covers every key is the unique one (fewest columns wins); else the keys themselves. */
    private static List<String> uniqueKey(QueryShape shape, List<List<String>> indexes) {
        if (shape.keys().isEmpty()) return List.of();
        return indexes.stream().filter(ix -> ix.containsAll(shape.keys())).findFirst().orElse(shape.keys());
    }
}
