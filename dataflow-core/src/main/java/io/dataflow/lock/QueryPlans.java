package io.dataflow.lock;

import io.dataflow.sql.SqlLexer;
import io.dataflow.sql.SqlSyntaxException;
import io.dataflow.sql.SqlToken;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * EXPLAIN (never ANALYZE: nothing runs) of a blocked query, when its text is one plain statement
 * without bind parameters. The text comes from the server itself (pg_stat_activity), is checked
 * here to be a single explainable statement, and is planned in a read-only transaction that is
 * rolled back, under a short lock_timeout: planning takes the same table locks the blocked query
 * waits behind, and the monitor must not join the queue.
 */
final class QueryPlans {

    private static final Set<String> EXPLAINABLE = Set.of("select", "insert", "update", "delete", "with", "values", "table", "merge");
    static final String LOCK_TIMEOUT = "250ms";

    private QueryPlans() {
    }

    /** Why a query text cannot be planned, or empty when it can. */
    static Optional<String> refusal(String query) {
        if (query == null || query.isBlank()) return Optional.of("the query text is not available (capture.blocking_queries is off, or no privilege to see it)");
        if (query.startsWith("<insufficient privilege>")) return Optional.of("no privilege to see this session's query (needs pg_read_all_stats)");
        List<SqlToken> tokens;
        try {
            tokens = SqlLexer.tokenize(query);
        } catch (SqlSyntaxException e) {
            return Optional.of("the query text is incomplete (" + e.getMessage() + "); pg_stat_activity cuts queries at track_activity_query_size");
        }
        List<SqlToken> code = tokens.stream().filter(t -> t.kind() != SqlToken.Kind.COMMENT).toList();
        if (code.isEmpty()) return Optional.of("the query text is empty");
        for (int i = 0; i < code.size(); i++) {
            SqlToken t = code.get(i);
            if (t.kind() == SqlToken.Kind.SEMICOLON && i < code.size() - 1) return Optional.of("the text holds more than one statement");
            if (t.kind() == SqlToken.Kind.PARAMETER) return Optional.of("it has a named parameter (" + t.text() + ") with no value");
            if (t.kind() == SqlToken.Kind.OPERATOR && t.text().equals("$") && i + 1 < code.size()
                    && code.get(i + 1).kind() == SqlToken.Kind.NUMBER && code.get(i + 1).offset() == t.offset() + 1) {
                return Optional.of("it has bind parameters ($" + code.get(i + 1).text() + "): their values are not visible, and the plan depends on them");
            }
        }
        SqlToken first = code.get(0);
        String keyword = first.kind() == SqlToken.Kind.IDENTIFIER ? first.text().toLowerCase(Locale.ROOT) : first.text();
        if (!EXPLAINABLE.contains(keyword)) {
            return Optional.of("EXPLAIN applies to SELECT, INSERT, UPDATE, DELETE, MERGE and VALUES, not to " + keyword.toUpperCase(Locale.ROOT));
        }
        return Optional.empty();
    }

    static QueryPlan explain(Connection c, String query) {
        Optional<String> refused = refusal(query);
        if (refused.isPresent()) return QueryPlan.not(refused.get());
        String statement = query.strip();
        if (statement.endsWith(";")) statement = statement.substring(0, statement.length() - 1);
        try {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION READ ONLY");
                st.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
                st.execute("SET LOCAL statement_timeout = '5s'");
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = st.executeQuery("EXPLAIN " + statement)) {
                    while (rs.next()) plan.append(rs.getString(1)).append('\n');
                }
                return QueryPlan.of(plan.toString());
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                return QueryPlan.not("planning needs a lock that is held (lock_timeout " + LOCK_TIMEOUT + " reached): " + e.getMessage());
            }
            return QueryPlan.not("EXPLAIN failed: " + e.getMessage());
        }
    }
}
