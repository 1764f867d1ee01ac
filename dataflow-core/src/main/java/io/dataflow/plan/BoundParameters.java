package io.dataflow.plan;

import io.dataflow.config.ConfigException;
import io.dataflow.sql.NamedParameters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.util.PGobject;

/**
 * The {@code :name} parameters of a statement, bound as JDBC parameters (never spliced into the
 * SQL). A text value takes the type of the column it is compared with (found in the parsed
 * statement and the catalog), or the type given explicitly with a {@link TypedValue}; other Java
 * values keep the driver's type for them; text without a known column is left for the server to infer.
 *
 * @param sql    the statement with {@code ?} in place of each placeholder
 * @param names  placeholder names, in order of the {@code ?}s
 * @param values the value of each placeholder
 * @param types  per parameter name, the PostgreSQL type bound (or "unknown": inferred by the server)
 */
public record BoundParameters(String sql, List<String> names, List<Object> values, Map<String, String> types) {

    /** As {@link #bind}, with the columns each placeholder is compared with read from the statement and the catalog. */
    public static BoundParameters forQuery(String sql, Map<String, ?> params, Connection connection) throws SQLException {
        return bind(sql, params, connection, PlanCapture.shapeOrNull(sql, new Catalog(connection)));
    }

    public static BoundParameters bind(String sql, Map<String, ?> params, Connection connection, QueryShape shape) throws SQLException {
        NamedParameters named = NamedParameters.parse(sql);
        List<Object> values = named.values(params, "the SQL's parameters");
        Map<String, String> types = new LinkedHashMap<>();
        List<Object> bound = new ArrayList<>();
        Catalog catalog = new Catalog(connection);
        for (int i = 0; i < values.size(); i++) {
            String name = named.names().get(i);
            Object value = values.get(i);
            String type;
            if (value instanceof TypedValue typed) {
                type = typname(connection, typed.type(), name);
                value = typed.value();
            } else if (value instanceof String && shape != null && shape.parameters().containsKey(name)) {
                QueryShape.Col c = shape.parameters().get(name);
                Catalog.ColumnType ct = catalog.columns(c.table()).get(c.column());
                type = ct == null ? null : ct.typname();
            } else {
                type = null;
            }
            types.put(name, type != null ? type : value == null || value instanceof String ? "unknown" : value.getClass().getSimpleName());
            bound.add(type == null || value == null ? value : pgObject(type, value.toString()));
        }
        return new BoundParameters(named.sql(), named.names(), bound, types);
    }

    /** The values by name, as given (for reports and re-planning). */
    public Map<String, Object> byName() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) out.putIfAbsent(names.get(i), values.get(i) instanceof PGobject o ? o.getValue() : values.get(i));
        return out;
    }

    public void apply(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v == null) {
                ps.setNull(i + 1, Types.OTHER);
            } else if (v instanceof String s) {
                ps.setObject(i + 1, s, Types.OTHER); // unknown type: the server infers it from the context
            } else if (v instanceof java.time.Instant instant) {
                ps.setObject(i + 1, instant.atOffset(java.time.ZoneOffset.UTC));
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }

    private static PGobject pgObject(String type, String value) throws SQLException {
        PGobject o = new PGobject();
        o.setType(type);
        o.setValue(value);
        return o;
    }

    /** An explicitly given type, checked and canonicalized by the server ({@code integer} becomes {@code int4}). */
    private static String typname(Connection connection, String type, String parameter) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT t.typname FROM pg_type t WHERE t.oid = to_regtype(?)")) {
            ps.setString(1, type);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) return rs.getString(1);
            }
        }
        throw new ConfigException("the SQL's parameters", "params." + parameter, "unknown type '" + type + "'");
    }
}
