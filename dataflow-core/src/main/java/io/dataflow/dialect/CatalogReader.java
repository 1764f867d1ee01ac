package io.dataflow.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** Reads what exists in the database, for schema planning and drift detection. */
public interface CatalogReader {

    /** The table in the current schema (or a temp table), if it exists. */
    Optional<TableInfo> table(Connection connection, String name) throws SQLException;

    /** The table an index of this name belongs to, if any index of this name exists in the schema. */
    Optional<String> indexOwner(Connection connection, String indexName) throws SQLException;

    /** Whether a relation (table, view, sequence, ...) of this name exists in the schema. */
    boolean relationExists(Connection connection, String name) throws SQLException;
}
