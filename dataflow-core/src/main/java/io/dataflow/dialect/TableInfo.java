package io.dataflow.dialect;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table as the catalog describes it.
 *
 * @param name         the table name
 * @param partitioned  whether it is a partitioned parent
 * @param strategy     range, list or hash for a partitioned table, else null
 * @param partitionKey the partition key columns
 * @param columns      column name to definition, in column order
 * @param indexes      index name to definition
 * @param partitions   partition table name to its bound
 * @param hasRows      whether the table holds at least one row
 */
public record TableInfo(String name, boolean partitioned, String strategy, List<String> partitionKey,
                        Map<String, ColumnInfo> columns, Map<String, IndexInfo> indexes,
                        Map<String, PartitionInfo> partitions, boolean hasRows) {

    /**
     * @param type     the type as {@code format_type} prints it
     * @param notNull  NOT NULL
     * @param defaultExpression the default as the server deparses it, or null
     * @param identity 'a' (always), 'd' (by default) or empty
     */
    public record ColumnInfo(String type, boolean notNull, String defaultExpression, String identity) {
    }

    /**
     * @param method    access method
     * @param unique    unique index
     * @param keys      key columns or expressions, deparsed
     * @param include   INCLUDE columns
     * @param predicate partial-index predicate, deparsed, or null
     * @param primary   backs the primary key
     */
    public record IndexInfo(String method, boolean unique, List<String> keys, List<String> include, String predicate, boolean primary) {
        /** The definition without the name, for comparing two indexes. */
        public String shape() {
            return (unique ? "UNIQUE " : "") + method + " (" + String.join(", ", keys) + ")"
                    + (include.isEmpty() ? "" : " INCLUDE (" + String.join(", ", include) + ")")
                    + (predicate == null ? "" : " WHERE " + predicate);
        }
    }

    /**
     * @param bound     the bound as deparsed ({@code FOR VALUES IN ('a', 'b')}, {@code DEFAULT}, ...)
     * @param isDefault the DEFAULT partition
     * @param hasRows   whether the partition holds at least one row
     */
    public record PartitionInfo(String bound, boolean isDefault, boolean hasRows) {
    }

    public Optional<PartitionInfo> defaultPartition() {
        return partitions.values().stream().filter(PartitionInfo::isDefault).findFirst();
    }
}
