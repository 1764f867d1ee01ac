package io.dataflow.dialect;

import io.dataflow.model.FieldType;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Everything that differs between databases. Callers never write dialect-specific SQL themselves,
 * so SQLite or MySQL can be added by implementing this interface.
 */
public interface Dialect {

    /** The dialect's name as the guide compares it: {@code "postgresql"}. */
    String name();

    /** The column type for a logical field type, as the catalog reports it back. */
    String columnType(FieldType type);

    /** Renders schema DDL. */
    SchemaDdl ddl();

    /** Reads the catalog. */
    CatalogReader catalog();

    /** Server version, extensions and limits, read once per DataFlow. */
    Capabilities detectCapabilities(Connection connection) throws SQLException;

    /** Takes a transaction-scoped lock that serialises DataFlow's schema changes. */
    void lockSchemaChanges(Connection connection) throws SQLException;
}
