package io.dataflow.plan;

import io.dataflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Existing indexes that cost writes and space for nothing: never scanned since statistics were
 * reset, identical to another index, or a prefix of another index's keys (the longer one serves the
 * same lookups). Indexes that enforce a constraint (unique, primary key) are never reported.
 */
final class IndexIssues {

    private IndexIssues() {
    }

    static List<IndexIssue> find(Connection c) throws SQLException {
        IndexCatalog catalog = new IndexCatalog(c);
        List<IndexIssue> out = new ArrayList<>();
        for (String table : userTables(c)) {
            List<ExistingIndex> indexes = catalog.indexes(table);
            for (ExistingIndex i : indexes) {
                if (i.unique() || i.primary()) continue;
                ExistingIndex wider = null;
                String reason = null;
                for (ExistingIndex o : indexes) {
                    if (o == i || !same(i.where(), o.where())) continue;
                    if (o.columns().equals(i.columns()) && o.include().equals(i.include())) {
                        if (o.unique() || o.name().compareTo(i.name()) < 0) {
                            reason = "duplicate";
                            wider = o;
                            break;
                        }
                    } else if (wider == null && o.columns().size() > i.columns().size()
                            && o.columns().subList(0, i.columns().size()).equals(i.columns())) {
                        reason = "prefix";
                        wider = o;
                    }
                }
                if (reason == null && i.scans() == 0) reason = "unused";
                if (reason != null) {
                    out.add(new IndexIssue(i.name(), table, reason, wider == null ? null : wider.name(), i.sizeBytes(), i.scans(),
                            "DROP INDEX CONCURRENTLY " + qualified(table, i.name())));
                }
            }
        }
        return out;
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    private static String qualified(String table, String index) {
        int dot = table.indexOf('.');
        return dot < 0 ? Identifiers.quote(index) : Identifiers.quote(table.substring(0, dot)) + "." + Identifiers.quote(index);
    }

    /** Ordinary and partitioned tables outside the system schemas and DataFlow's own, named as QueryShape names them. */
    private static List<String> userTables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
                   AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'dataflow') AND n.nspname NOT LIKE 'pg_toast%'
                 ORDER BY 1, 2""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1).equals("public") ? rs.getString(2) : rs.getString(1) + "." + rs.getString(2));
        }
        return out;
    }
}
