package io.dataflow.pool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * DEALLOCATEs statements unused for the threshold on the pool's idle connections. pgjdbc still
 * lists them in its client cache; their next use meets "prepared statement does not exist", which
 * pgjdbc heals by preparing again (autocommit retry, or autosave=conservative in a transaction).
 * Busy connections are skipped: the next sweep finds them idle.
 */
final class UnusedStatementSweeper {

    private static final System.Logger LOG = System.getLogger(UnusedStatementSweeper.class.getName());

    private final ConnectionPool pool;
    private final Clock clock;

    UnusedStatementSweeper(ConnectionPool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** Returns how many server-side statements were deallocated. */
    int sweep(double thresholdSeconds) throws SQLException {
        Instant cutoff = clock.instant().minusMillis(Math.round(thresholdSeconds * 1000));
        Set<String> unused = pool.statementTracker().unusedSince(cutoff);
        if (unused.isEmpty()) return 0;
        List<Connection> borrowed = new ArrayList<>();
        int deallocated = 0;
        try {
            // Borrow only what is idle now, so the sweep never makes a caller wait.
            while (borrowed.size() < pool.stats().total() && pool.stats().idle() > 0) {
                borrowed.add(pool.untracked().getConnection());
            }
            for (Connection c : borrowed) deallocated += sweep(c, unused);
        } finally {
            for (Connection c : borrowed) c.close();
        }
        if (deallocated > 0) LOG.log(System.Logger.Level.INFO, "deallocated {0} prepared statements unused for {1}s", deallocated, thresholdSeconds);
        return deallocated;
    }

    private int sweep(Connection c, Set<String> unused) throws SQLException {
        Object physical = c.unwrap(PGConnection.class);
        List<String[]> victims = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, statement FROM pg_prepared_statements WHERE NOT from_sql");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String sql = StatementText.server(rs.getString(2));
                if (unused.contains(sql)) victims.add(new String[] {rs.getString(1), sql});
            }
        }
        try (Statement st = c.createStatement()) {
            for (String[] v : victims) {
                st.execute("DEALLOCATE \"" + v[0].replace("\"", "\"\"") + "\"");
                pool.statementTracker().deallocated(physical, v[1]);
            }
        }
        return victims.size();
    }
}
