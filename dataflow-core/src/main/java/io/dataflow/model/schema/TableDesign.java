package io.dataflow.model.schema;

import io.dataflow.model.IndexSpec;
import io.dataflow.model.ModelSpec;
import java.time.LocalDate;
import java.util.List;

/**
 * The desired shape of one model's table, rendered to DDL: what {@link SchemaPlanner} compares
 * with the catalog.
 */
record TableDesign(ModelSpec model, List<String> primaryKey, String createTable, String createProbe, String tableNote,
                   List<PartitionDesign> partitions, List<IndexDesign> indexes) {

    enum PartitionKind { RANGE, LIST, HASH, DEFAULT }

    /**
     * @param from   for a range partition, the first day it holds (inclusive)
     * @param to     for a range partition, the first day it no longer holds
     * @param values for a list partition, its key values
     */
    record PartitionDesign(String name, PartitionKind kind, String sql, LocalDate from, LocalDate to, List<String> values, String bound) {
    }

    /**
     * @param keys      the key list as rendered (quoted columns or a parenthesised expression)
     * @param predicate the rendered predicate, or null
     * @param note      what the index is for, and anything resolved on the user's behalf
     */
    record IndexDesign(IndexSpec spec, List<String> keys, String predicate, String sql, String note) {
    }
}
