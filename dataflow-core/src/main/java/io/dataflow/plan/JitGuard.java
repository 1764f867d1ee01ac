package io.dataflow.plan;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's LLVM JIT compiles a statement's expressions before running it, and that phase checks
 * for no interrupt: an EXPLAIN ANALYZE of an ORM-sized OR chain (thousands of terms) was seen compiling
 * for over 15 minutes, deaf to cancel and pg_terminate_backend. Analysis of such a statement runs with
 * JIT off (SET LOCAL: only this rolled-back transaction), and says so.
 */
final class JitGuard {

    /** AND/OR terms above which an analysis turns JIT off. */
    static final int THRESHOLD = 500;
    private static final Pattern CONNECTIVE = Pattern.compile("(?i)\\b(?:AND|OR)\\b");

    private JitGuard() {
    }

    /** The AND/OR connectives in the text (a cheap upper bound: words inside literals count too). */
    static int booleanTerms(String sql) {
        Matcher m = CONNECTIVE.matcher(sql);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    static boolean needed(int terms) {
        return terms > THRESHOLD;
    }

    static void disable(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL jit = off");
        }
    }
}
