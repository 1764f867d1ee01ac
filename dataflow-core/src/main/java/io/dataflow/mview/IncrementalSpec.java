package io.dataflow.mview;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.sql.Identifiers;
import java.util.List;
import net.sf.jsqlparser.schema.Table;

/**
 * The guide's {@code IncrementalMaterializedViewNode} config, checked before anything is created:
 * one SELECT over one base table (its rows are what change capture records), no HAVING (a group
 * filtered out of a partial result may pass on the whole), and for upsert GROUP BY keys in the
 * output and only aggregates that combine exactly.
 *
 * @param name      the summary table's name (public schema)
 * @param shape     the parsed base query
 * @param baseTable the table it reads
 * @param strategy  upsert, append or replace_partition
 * @param tracking  refresh_tracking: record each refresh in dataflow.mview_refreshes
 */
public record IncrementalSpec(String name, QueryShape shape, Table baseTable, String strategy, boolean tracking) {

    public static final List<String> STRATEGIES = List.of("upsert", "append", "replace_partition");

    public static IncrementalSpec read(ConfigReader config) {
        String where = config.where();
        String name = Identifiers.require(config.string("name"), where, "name");
        String strategy = config.optString("merge_strategy").orElse("upsert");
        if (!STRATEGIES.contains(strategy)) {
            throw new ConfigException(where, "merge_strategy", "'" + strategy + "' is not accepted; accepted: " + String.join(", ", STRATEGIES));
        }
        QueryShape shape = QueryShape.parse(config.string("base_query"), where, "base_query");
        var select = shape.select();
        if (!(select.getFromItem() instanceof Table table) || (select.getJoins() != null && !select.getJoins().isEmpty())
                || shape.tables().size() != 1) {
            throw new ConfigException(where, "base_query", "must read exactly one table (no joins or subqueries): change capture records that"
                    + " table's rows; use MaterializedViewNode for queries over several tables");
        }
        if (select.getHaving() != null) {
            throw new ConfigException(where, "base_query", "HAVING cannot be maintained incrementally (a group dropped from new rows may pass on all"
                    + " rows); filter when reading the summary instead");
        }
        if (!strategy.equals("append")) {
            if (shape.keys().isEmpty()) {
                throw new ConfigException(where, "base_query", merge(strategy) + " needs GROUP BY keys that are all output columns, to key the summary on");
            }
            if (strategy.equals("upsert")) {
                for (OutputColumn c : shape.values()) {
                    if (!c.aggregate().mergeable()) {
                        throw new ConfigException(where, "base_query", "column " + c.name() + " (" + c.expression() + ") cannot be combined by upsert:"
                                + " only COUNT, SUM, AVG, MIN and MAX (without DISTINCT) add up exactly; use merge_strategy: replace_partition");
                    }
                }
            }
        }
        return new IncrementalSpec(name, shape, table, strategy, config.bool("refresh_tracking", true));
    }

    private static String merge(String strategy) {
        return "merge_strategy " + strategy;
    }

    /**
     * Whether change capture can pre-aggregate each INSERT statement's new rows into partial rows
     * (the output's GROUP BY keys and only COUNT, SUM, AVG, MIN, MAX): a refresh then combines a
     * few partial rows instead of aggregating every new row. Other queries capture whole rows.
     */
    public boolean preAggregated() {
        return !shape.keys().isEmpty() && shape.values().stream().allMatch(c -> c.aggregate().mergeable());
    }

    /** The table that change capture fills with the base table's new rows, in the dataflow schema. */
    public static String deltaTable(String name) {
        return Identifiers.compose(name, "delta");
    }

    /** The base table as written in SQL (schema-qualified when the query qualifies it). */
    public String baseRelation() {
        return baseTable.getSchemaName() == null ? Identifiers.quote(QueryShape.unquote(baseTable.getName()))
                : Identifiers.quote(QueryShape.unquote(baseTable.getSchemaName())) + "." + Identifiers.quote(QueryShape.unquote(baseTable.getName()));
    }
}
