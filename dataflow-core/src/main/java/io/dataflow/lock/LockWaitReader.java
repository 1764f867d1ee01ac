package io.dataflow.lock;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every session of the current database that waits for a lock, from pg_locks (the lock it was not
 * granted), pg_stat_activity (who and what) and pg_blocking_pids() (who it waits for). Sessions of
 * other databases are left out: the monitor reports on the database it is connected to.
 */
final class LockWaitReader {

    /** {@code waitstart} exists from PostgreSQL 14; before, the query's start bounds the wait. */
    private static final String WAITS = """
            SELECT w.pid, a.usename, a.application_name, a.state, a.query,
                   (extract(epoch FROM clock_timestamp() - coalesce(%s, a.query_start, a.state_change)) * 1000)::bigint AS waiting_ms,
                   w.locktype, w.mode, w.relation::regclass::text AS relation, c.relkind::text AS relkind,
                   w.page, w.tuple, w.transactionid::text AS xid, w.virtualxid,
                   w.classid::bigint AS classid, w.objid::bigint AS objid, w.objsubid,
                   t.relation::regclass::text AS row_relation, t.page AS row_page, t.tuple AS row_tuple,
                   pg_blocking_pids(w.pid) AS blockers
              FROM pg_locks w
              JOIN pg_stat_activity a ON a.pid = w.pid
              LEFT JOIN pg_class c ON c.oid = w.relation
              LEFT JOIN LATERAL (SELECT g.relation, g.page, g.tuple FROM pg_locks g
                                  WHERE g.pid = w.pid AND g.granted AND g.locktype = 'tuple' LIMIT 1) t ON w.locktype = 'transactionid'
             WHERE NOT w.granted AND a.datname = current_database() AND w.pid <> pg_backend_pid()
             ORDER BY waiting_ms DESC, w.pid""";

    private static final String BLOCKERS = """
            SELECT a.pid, a.usename, a.application_name, a.state, a.query,
                   extract(epoch FROM clock_timestamp() - a.xact_start)::float8 AS xact_age_s,
                   EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted) AS waiting
              FROM pg_stat_activity a WHERE a.pid = ANY (?)""";

    /** The modes each blocker holds on exactly the object its waiter asked for. */
    private static final String HELD = """
            SELECT w.pid AS waiter, h.pid AS holder, array_agg(DISTINCT h.mode) AS modes
              FROM pg_locks w
              JOIN pg_locks h ON h.granted AND h.pid <> w.pid AND h.locktype = w.locktype
                   AND h.database IS NOT DISTINCT FROM w.database AND h.relation IS NOT DISTINCT FROM w.relation
                   AND h.page IS NOT DISTINCT FROM w.page AND h.tuple IS NOT DISTINCT FROM w.tuple
                   AND h.virtualxid IS NOT DISTINCT FROM w.virtualxid AND h.transactionid IS NOT DISTINCT FROM w.transactionid
                   AND h.classid IS NOT DISTINCT FROM w.classid AND h.objid IS NOT DISTINCT FROM w.objid
                   AND h.objsubid IS NOT DISTINCT FROM w.objsubid
             WHERE NOT w.granted AND w.pid = ANY (?)
             GROUP BY w.pid, h.pid""";

    private record Raw(int pid, String user, String application, String state, String query, long waitingMs, String mode,
                       LockedObject object, List<Integer> blockers) {
    }

    private LockWaitReader() {
    }

    static List<LockWait> read(Connection c, int serverVersion, boolean withQueries) throws SQLException {
        List<Raw> raws = new ArrayList<>();
        String sql = WAITS.formatted(serverVersion >= 140000 ? "w.waitstart" : "NULL::timestamptz");
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                raws.add(new Raw(rs.getInt("pid"), rs.getString("usename"), rs.getString("application_name"), rs.getString("state"),
                        withQueries ? rs.getString("query") : null, rs.getLong("waiting_ms"), rs.getString("mode"), object(rs),
                        ints(rs.getArray("blockers"))));
            }
        }
        if (raws.isEmpty()) return List.of();
        Set<Integer> blockerPids = new LinkedHashSet<>();
        raws.forEach(r -> blockerPids.addAll(r.blockers()));
        Map<Integer, Blocker> sessions = blockers(c, blockerPids, withQueries);
        Map<String, List<String>> held = held(c, raws.stream().map(Raw::pid).toList());
        List<LockWait> out = new ArrayList<>();
        for (Raw r : raws) {
            List<Blocker> bs = new ArrayList<>();
            for (int b : r.blockers()) {
                Blocker s = sessions.getOrDefault(b, gone(b));
                List<String> modes = held.getOrDefault(r.pid() + ":" + b, List.of());
                bs.add(new Blocker(s.pid(), s.user(), s.application(), s.state(), s.query(), s.transactionAgeS(), s.waiting(), modes));
            }
            out.add(new LockWait(r.pid(), r.user(), r.application(), r.state(), r.query(), r.waitingMs(), r.mode(), r.object(), bs, null));
        }
        return out;
    }

    /** A blocker without a session row: a prepared transaction (pid 0) or a session that ended since. */
    private static Blocker gone(int pid) {
        return new Blocker(pid, null, null, pid == 0 ? "prepared transaction" : "ended", null, null, false, List.of());
    }

    private static Map<Integer, Blocker> blockers(Connection c, Set<Integer> pids, boolean withQueries) throws SQLException {
        Map<Integer, Blocker> out = new HashMap<>();
        if (pids.isEmpty()) return out;
        try (PreparedStatement ps = c.prepareStatement(BLOCKERS)) {
            ps.setArray(1, c.createArrayOf("int4", pids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double age = rs.getDouble("xact_age_s");
                    Double xactAge = rs.wasNull() ? null : age;
                    out.put(rs.getInt("pid"), new Blocker(rs.getInt("pid"), rs.getString("usename"), rs.getString("application_name"),
                            rs.getString("state"), withQueries ? rs.getString("query") : null, xactAge, rs.getBoolean("waiting"), List.of()));
                }
            }
        }
        return out;
    }

    private static Map<String, List<String>> held(Connection c, List<Integer> waiters) throws SQLException {
        Map<String, List<String>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(HELD)) {
            ps.setArray(1, c.createArrayOf("int4", waiters.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array modes = rs.getArray("modes");
                    out.put(rs.getInt("waiter") + ":" + rs.getInt("holder"), Arrays.stream((Object[]) modes.getArray()).map(String::valueOf).toList());
                }
            }
        }
        return out;
    }

    /** Names the locked object; a wait for a transaction id while holding a row's tuple lock is a wait for that row. */
    static LockedObject object(ResultSet rs) throws SQLException {
        String type = rs.getString("locktype");
        String relation = rs.getString("relation");
        switch (type) {
            case "relation" -> {
                String kind = "r".equals(rs.getString("relkind")) || "p".equals(rs.getString("relkind")) ? "table" : "relation";
                return new LockedObject(kind, kind + " " + relation, relation, null, null, null);
            }
            case "tuple" -> {
                String ctid = "(" + rs.getInt("page") + "," + rs.getInt("tuple") + ")";
                return new LockedObject("row", "row " + ctid + " of " + relation, relation, ctid, null, null);
            }
            case "transactionid" -> {
                String xid = rs.getString("xid");
                String rowRelation = rs.getString("row_relation");
                if (rowRelation != null) {
                    String ctid = "(" + rs.getInt("row_page") + "," + rs.getInt("row_tuple") + ")";
                    return new LockedObject("row", "row " + ctid + " of " + rowRelation + " (held by transaction " + xid + ")",
                            rowRelation, ctid, xid, null);
                }
                return new LockedObject("transaction", "transaction " + xid, null, null, xid, null);
            }
            case "advisory" -> {
                long classid = rs.getLong("classid");
                long objid = rs.getLong("objid");
                // objsubid 1: one bigint key split in two halves; 2: the two-int4 form.
                String key = rs.getInt("objsubid") == 1 ? String.valueOf((classid << 32) | objid) : "(" + (int) classid + ", " + (int) objid + ")";
                return new LockedObject("advisory", "advisory lock " + key, null, null, null, key);
            }
            case "virtualxid" -> {
                String vxid = rs.getString("virtualxid");
                return new LockedObject("virtual_transaction", "virtual transaction " + vxid
                        + " (waiting for it to end, e.g. CREATE INDEX CONCURRENTLY)", null, null, null, null);
            }
            default -> {
                return new LockedObject(type, type + (relation == null ? "" : " of " + relation), relation, null, null, null);
            }
        }
    }

    private static List<Integer> ints(Array array) throws SQLException {
        if (array == null) return List.of();
        List<Integer> out = new ArrayList<>();
        for (Object o : (Object[]) array.getArray()) out.add(((Number) o).intValue());
        return out;
    }
}
