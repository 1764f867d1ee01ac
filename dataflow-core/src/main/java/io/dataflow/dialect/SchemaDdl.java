package io.dataflow.dialect;

import io.dataflow.model.FieldSpec;
import java.util.List;

/** Renders the DDL statements schema planning needs. */
public interface SchemaDdl {

    /** A column definition: name, type, identity or default, NOT NULL. */
    String column(FieldSpec field, boolean primaryKey);

    /**
     * @param partitionBy the strategy (range, list, hash) or null for a plain table
     */
    String createTable(String table, List<FieldSpec> fields, List<String> primaryKey, String partitionBy, String partitionKey, boolean temporary);

    String addColumn(String table, FieldSpec field);

    /**
     * @param keys       quoted column names or parenthesised expressions, ready to place in the key list
     */
    String createIndex(String name, String table, boolean unique, String method, List<String> keys, List<String> include, String predicate);

    String createRangePartition(String partition, String parent, String fromLiteral, String toLiteral);

    String createListPartition(String partition, String parent, List<String> valueLiterals);

    String createHashPartition(String partition, String parent, int modulus, int remainder);

    String createDefaultPartition(String partition, String parent);
}
