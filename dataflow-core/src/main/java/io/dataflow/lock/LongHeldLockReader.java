package io.dataflow.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sessions of the current database whose transaction (or, for session-level advisory locks, whose
 * idle spell) is older than the threshold and that hold locks. Their own transaction-id and
 * virtual-transaction locks are not counted: every transaction has those.
 */
final class LongHeldLockReader {

    private static final String SQL = """
            SELECT a.pid, a.usename, a.application_name, a.backend_type, a.state, a.query, a.xact_start IS NULL AS session_level,
                   extract(epoch FROM clock_timestamp() - coalesce(a.xact_start, a.state_change))::float8 AS xact_age_s,
                   extract(epoch FROM clock_timestamp() - a.state_change)::float8 AS state_age_s,
                   count(*) AS locks,
                   (array_agg(DISTINCT l.mode || ' on ' || CASE l.locktype
                        WHEN 'relation' THEN l.relation::regclass::text
                        WHEN 'tuple' THEN 'row (' || l.page || ',' || l.tuple || ') of ' || l.relation::regclass::text
                        WHEN 'advisory' THEN 'advisory lock ' || CASE WHEN l.objsubid = 1
                             THEN ((l.classid::bigint << 32) | l.objid::bigint)::text
                             ELSE '(' || l.classid::int4 || ', ' || l.objid::int4 || ')' END
                        ELSE l.locktype END))[1:10] AS held,
                   (SELECT count(*) FROM pg_stat_activity w WHERE a.pid = ANY (pg_blocking_pids(w.pid))) AS blocking
              FROM pg_stat_activity a
              JOIN pg_locks l ON l.pid = a.pid AND l.granted AND l.locktype NOT IN ('virtualxid', 'transactionid')
             WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
               AND coalesce(a.xact_start, a.state_change) <= clock_timestamp() - make_interval(secs => ?)
             GROUP BY a.pid, a.usename, a.application_name, a.backend_type, a.state, a.query, a.xact_start, a.state_change
             ORDER BY coalesce(a.xact_start, a.state_change), a.pid""";

    private LongHeldLockReader() {
    }

    static List<LongHeldLock> read(Connection c, double holdTimeS, boolean withQueries) throws SQLException {
        List<LongHeldLock> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setDouble(1, holdTimeS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String state = rs.getString("state");
                    List<String> held = Arrays.stream((Object[]) rs.getArray("held").getArray()).map(String::valueOf).toList();
                    out.add(new LongHeldLock(rs.getInt("pid"), rs.getString("usename"), rs.getString("application_name"),
                            rs.getString("backend_type"), state, state != null && state.startsWith("idle in transaction"),
                            rs.getBoolean("session_level"), rs.getDouble("xact_age_s"), rs.getDouble("state_age_s"), rs.getInt("locks"),
                            held, rs.getInt("blocking"), withQueries ? rs.getString("query") : null));
                }
            }
        }
        return out;
    }
}
