package io.dataflow.mview;

import static io.dataflow.sql.Identifiers.compose;
import static io.dataflow.sql.Identifiers.quote;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates a materialized view and its indexes, or swaps a redefined one in: the new view is built
 * and indexed under a temporary name while readers keep using the old one, then one short
 * transaction renames old away, new in, drops old and renames the indexes. Readers that arrive
 * during that transaction wait for its lock and then see the new view (PostgreSQL looks the name
 * up again after a lock wait), so no reader gets an error or an empty result.
 */
final class ViewBuilder {

    private ViewBuilder() {
    }

    /** An index of the view: its columns, and whether it is the unique one. */
    record Index(List<String> columns, boolean unique) {
        String name(String relation) {
            return indexName(relation, columns, unique ? "key" : "idx");
        }
    }

    static List<Index> indexes(ViewSpec spec) {
        List<Index> out = new ArrayList<>();
        if (!spec.uniqueKey().isEmpty()) out.add(new Index(spec.uniqueKey(), true));
        for (List<String> cols : spec.indexes()) {
            if (!cols.equals(spec.uniqueKey())) out.add(new Index(cols, false));
        }
        return out;
    }

    /** Builds the view as {@code relation} (its final or temporary name) with its indexes. */
    static void build(Connection c, ViewSpec spec, String relation) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE MATERIALIZED VIEW " + quote(relation) + " AS " + spec.shape().sql() + " WITH DATA");
            for (Index ix : indexes(spec)) {
                st.execute("CREATE " + (ix.unique() ? "UNIQUE " : "") + "INDEX " + quote(ix.name(relation)) + " ON " + quote(relation)
                        + " (" + columns(ix.columns()) + ")");
            }
        }
    }

    /** Swaps {@code temp} in for {@code spec.name()} in the caller's transaction. */
    static void swap(Connection c, ViewSpec spec, String temp) throws SQLException {
        String old = compose(spec.name(), "df_old");
        try (Statement st = c.createStatement()) {
            st.execute("ALTER MATERIALIZED VIEW " + quote(spec.name()) + " RENAME TO " + quote(old));
            st.execute("ALTER MATERIALIZED VIEW " + quote(temp) + " RENAME TO " + quote(spec.name()));
            st.execute("DROP MATERIALIZED VIEW " + quote(old)); // refuses (and rolls back) when other views depend on it
            for (Index ix : indexes(spec)) {
                st.execute("ALTER INDEX " + quote(ix.name(temp)) + " RENAME TO " + quote(ix.name(spec.name())));
            }
        }
    }

    static String indexName(String relation, List<String> cols, String suffix) {
        List<String> parts = new ArrayList<>();
        parts.add(relation);
        parts.addAll(cols);
        parts.add(suffix);
        return compose(parts.toArray(String[]::new));
    }

    static String columns(List<String> cols) {
        return String.join(", ", cols.stream().map(io.dataflow.sql.Identifiers::quote).toList());
    }
}
