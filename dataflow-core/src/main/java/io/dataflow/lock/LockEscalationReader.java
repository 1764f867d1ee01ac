package io.dataflow.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The lock table's size and use, and the sessions of the current database close to max_locks_per_transaction. */
final class LockEscalationReader {

    /** A session is flagged from this share of max_locks_per_transaction. */
    static final double FLAG_SHARE = 0.8;

    static final String NOTE = "PostgreSQL does not escalate row locks to table locks: row locks are kept in the rows themselves,"
            + " so lock escalation does not apply. What can run out is the shared lock table (max_locks_per_transaction ×"
            + " (max_connections + max_prepared_transactions) slots), e.g. when one transaction touches many partitions;"
            + " sessions holding at least " + Math.round(FLAG_SHARE * 100) + "% of max_locks_per_transaction are listed.";

    private static final String SETTINGS = """
            SELECT current_setting('max_locks_per_transaction')::int, current_setting('max_connections')::int,
                   current_setting('max_prepared_transactions')::int, (SELECT count(*) FROM pg_locks WHERE NOT fastpath)""";

    private static final String SESSIONS = """
            SELECT l.pid, a.usename, a.state, a.query, count(*) AS locks, count(*) FILTER (WHERE NOT l.fastpath) AS shared
              FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE a.datname = current_database() AND l.pid <> pg_backend_pid()
             GROUP BY l.pid, a.usename, a.state, a.query
            HAVING count(*) >= ?
             ORDER BY count(*) DESC, l.pid""";

    private LockEscalationReader() {
    }

    static LockEscalations read(Connection c, boolean withQueries) throws SQLException {
        int perTransaction;
        long capacity;
        long inUse;
        try (PreparedStatement ps = c.prepareStatement(SETTINGS); ResultSet rs = ps.executeQuery()) {
            rs.next();
            perTransaction = rs.getInt(1);
            capacity = (long) perTransaction * (rs.getInt(2) + rs.getInt(3));
            inUse = rs.getLong(4);
        }
        int flagAt = (int) Math.ceil(FLAG_SHARE * perTransaction);
        List<LockEscalations.Session> sessions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SESSIONS)) {
            ps.setInt(1, flagAt);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int locks = rs.getInt("locks");
                    sessions.add(new LockEscalations.Session(rs.getInt("pid"), rs.getString("usename"), rs.getString("state"), locks,
                            rs.getInt("shared"), Math.round(1000.0 * locks / perTransaction) / 1000.0, withQueries ? rs.getString("query") : null));
                }
            }
        }
        return new LockEscalations(false, NOTE, perTransaction, capacity, inUse, flagAt, sessions);
    }
}
