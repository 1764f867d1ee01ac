package io.dataflow.dialect;

import io.dataflow.model.FieldType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** PostgreSQL 13 and later. */
public final class PostgresDialect implements Dialect {

    /** An arbitrary constant key for pg_advisory_xact_lock: "DataFlow schema". */
    private static final long SCHEMA_LOCK_KEY = 0x44617461466c6f77L;

    private final SchemaDdl ddl = new PostgresDdl(this);
    private final CatalogReader catalog = new PostgresCatalog();

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public String columnType(FieldType type) {
        return switch (type) {
            case INT -> "bigint";
            case INT32 -> "integer";
            case STR -> "text";
            case FLOAT -> "double precision";
            case REAL -> "real";
            case BOOL -> "boolean";
            case DATETIME -> "timestamp with time zone";
            case TIMESTAMP -> "timestamp without time zone";
            case DATE -> "date";
            case DICT, LIST -> "jsonb";
            case DECIMAL -> "numeric";
            case UUID -> "uuid";
            case BYTES -> "bytea";
        };
    }

    @Override
    public SchemaDdl ddl() {
        return ddl;
    }

    @Override
    public CatalogReader catalog() {
        return catalog;
    }

    @Override
    public Capabilities detectCapabilities(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            String version;
            int versionNum;
            int maxConnections;
            int reserved;
            Set<String> preload = new HashSet<>();
            try (ResultSet rs = st.executeQuery("SELECT current_setting('server_version'), current_setting('server_version_num')::int,"
                    + " current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int"
                    + " + coalesce(current_setting('reserved_connections', true)::int, 0),"
                    // pg_settings hides superuser-only settings from other roles instead of failing
                    + " coalesce((SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries'), '')")) {
                rs.next();
                version = rs.getString(1).split(" ")[0];
                versionNum = rs.getInt(2);
                maxConnections = rs.getInt(3);
                reserved = rs.getInt(4);
                for (String lib : rs.getString(5).split(",")) if (!lib.isBlank()) preload.add(lib.trim().replace("\"", ""));
            }
            Map<String, String> installed = new HashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT extname, extversion FROM pg_extension")) {
                while (rs.next()) installed.put(rs.getString(1), rs.getString(2));
            }
            Set<String> available = new HashSet<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM pg_available_extensions")) {
                while (rs.next()) available.add(rs.getString(1));
            }
            return new Capabilities(version, versionNum, installed, available, preload, maxConnections, reserved);
        }
    }

    @Override
    public void lockSchemaChanges(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK_KEY + ")");
        }
    }
}
