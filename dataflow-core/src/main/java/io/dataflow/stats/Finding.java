package io.dataflow.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One problem with a table's statistics.
 *
 * @param table    the table
 * @param columns  the columns concerned (empty when the whole table is)
 * @param kind     which check found it
 * @param severity how much it is likely to hurt plans
 * @param summary  one line for humans
 * @param evidence the numbers it rests on, by stable snake_case keys
 * @param fix      SQL that addresses it
 */
public record Finding(String table, List<String> columns, StatisticsCheck kind, Severity severity, String summary,
                      Map<String, Object> evidence, String fix) {

    public Finding {
        columns = List.copyOf(columns);
        evidence = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }
}
