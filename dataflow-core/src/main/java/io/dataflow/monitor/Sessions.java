package io.dataflow.monitor;

import io.dataflow.DataFlowException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The server's client sessions on this database (pg_stat_activity), longest-running first: what
 * PgHero calls live queries and connections. A reader that runs its own sessions under a name of its
 * own (the dashboard: {@code dataflow-dashboard}) leaves them out with {@code excludeApplication}.
 */
public final class Sessions {

    /**
     * @param queryAgeS       seconds since the current (or last) query started, null before any
     * @param transactionAgeS seconds since the open transaction began, null outside one
     */
    public record Session(int pid, String user, String application, String client, String state, String waitEvent, String query,
                          Double queryAgeS, Double transactionAgeS) {
    }

    private final DataSource dataSource;

    public Sessions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Session> current(String excludeApplication) {
        String sql = """
                SELECT pid, usename, application_name, coalesce(client_addr::text, 'local'), coalesce(state, ''),
                       CASE WHEN wait_event IS NULL THEN NULL ELSE wait_event_type || ':' || wait_event END, coalesce(query, ''),
                       extract(epoch FROM now() - query_start)::float8, extract(epoch FROM now() - xact_start)::float8
                  FROM pg_stat_activity
                 WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()
                   AND application_name IS DISTINCT FROM ?
                 ORDER BY state = 'active' DESC, query_start NULLS LAST""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, excludeApplication);
            List<Session> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Session(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getString(7), (Double) rs.getObject(8), (Double) rs.getObject(9)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DataFlowException("cannot read pg_stat_activity: " + e.getMessage(), e);
        }
    }
}
