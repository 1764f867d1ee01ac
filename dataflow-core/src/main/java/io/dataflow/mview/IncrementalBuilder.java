package io.dataflow.mview;

import io.dataflow.state.StateSchema;
import static io.dataflow.sql.Identifiers.quote;

import io.dataflow.config.ConfigException;
import io.dataflow.sql.NamedParameters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Creates an incremental view's summary table (typed from the query's output), its capture, and its first fill. */
final class IncrementalBuilder {

    private IncrementalBuilder() {
    }

    /** In the caller's transaction: capture first, then the fill, so every row is in exactly one of them. Returns the summary's rows. */
    static long create(StateSchema s, Connection c, IncrementalSpec spec) throws SQLException {
        SummaryQueries q = new SummaryQueries(spec);
        Map<String, String> types = types(s, c, spec, q);
        List<String> cols = new ArrayList<>();
        for (String col : q.storedColumns()) cols.add(quote(col) + " " + quote(types.get(col)));
        if (!spec.strategy().equals("append")) {
            // NULLS NOT DISTINCT: a NULL group key is one group, as in GROUP BY, so ON CONFLICT finds it
            cols.add("UNIQUE NULLS NOT DISTINCT (" + ViewBuilder.columns(spec.shape().keys()) + ")");
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + quote(spec.name()) + " (" + String.join(", ", cols) + ")");
        }
        CaptureTriggers.create(s, c, spec);
        return fill(s, c, spec, types);
    }

    /** Inserts the base query over every row of the base table ({@code :last_refresh} = -infinity). */
    static long fill(StateSchema s, Connection c, IncrementalSpec spec, Map<String, String> types) throws SQLException {
        SummaryQueries q = new SummaryQueries(spec);
        String sql = "INSERT INTO " + quote(spec.name()) + " (" + ViewBuilder.columns(q.storedColumns()) + ") SELECT "
                + q.storedFrom("p", types) + " FROM (" + q.partial(null) + ") p";
        return executeWithWatermark(s, c, sql, spec);
    }

    /** The column types PostgreSQL gives the partial query's and the base query's outputs. */
    /** Output types per view and query: describing them costs two round trips, and they only change with the query. */
    private static final Map<String, Map<String, String>> TYPES = new java.util.concurrent.ConcurrentHashMap<>();

    static Map<String, String> types(StateSchema s, Connection c, IncrementalSpec spec, SummaryQueries q) throws SQLException {
        String key = spec.name() + "\u0000" + spec.shape().sql();
        Map<String, String> cached = TYPES.get(key);
        if (cached != null) return cached;
        Map<String, String> described = describeAll(s, c, spec, q);
        TYPES.put(key, described);
        return described;
    }

    private static Map<String, String> describeAll(StateSchema s, Connection c, IncrementalSpec spec, SummaryQueries q) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        out.putAll(describe(s, c, q.partial(null), spec));
        out.putAll(describe(s, c, spec.shape().sql(), spec));
        return java.util.Collections.unmodifiableMap(out);
    }

    private static Map<String, String> describe(StateSchema s, Connection c, String query, IncrementalSpec spec) throws SQLException {
        NamedParameters np = NamedParameters.parse("SELECT * FROM (" + query + ") q LIMIT 0");
        try (PreparedStatement ps = s.prepare(c, np.sql())) {
            bind(ps, np, spec);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                Map<String, String> out = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) out.put(md.getColumnLabel(i), md.getColumnTypeName(i));
                return out;
            }
        }
    }

    /** Runs SQL whose {@code :last_refresh} means "every row": the captured rows decide what is new, not created_at. */
    static long executeWithWatermark(StateSchema s, Connection c, String sql, IncrementalSpec spec) throws SQLException {
        try (PreparedStatement ps = prepareWithWatermark(s, c, sql, spec)) {
            return ps.executeLargeUpdate();
        }
    }

    /** The statement with every {@code :last_refresh} bound to -infinity; the caller closes it. */
    static PreparedStatement prepareWithWatermark(StateSchema s, Connection c, String sql, IncrementalSpec spec) throws SQLException {
        NamedParameters np = NamedParameters.parse(sql);
        PreparedStatement ps = s.prepare(c, np.sql());
        try {
            bind(ps, np, spec);
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private static void bind(PreparedStatement ps, NamedParameters np, IncrementalSpec spec) throws SQLException {
        for (int i = 0; i < np.names().size(); i++) {
            if (!np.names().get(i).equals("last_refresh")) {
                throw new ConfigException("view " + spec.name(), "base_query", "only :last_refresh may be used, not :" + np.names().get(i));
            }
            ps.setObject(i + 1, "-infinity", Types.OTHER);
        }
    }
}
