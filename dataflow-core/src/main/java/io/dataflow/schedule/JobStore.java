package io.dataflow.schedule;

import io.dataflow.state.StateSchema;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataflow.DataFlowException;
import io.dataflow.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.util.PGobject;

/** Reads and writes {@code dataflow.jobs} and {@code dataflow.job_runs}. */
final class JobStore {

    private static final ObjectMapper MAPPER = Json.mapper();
    static final String COLUMNS = "name, schedule, maintenance_window, node_type, config, next_run, last_run, last_status,"
            + " last_error, last_duration_ms, run_count, running_since, running_by";

    private JobStore() {
    }

    static void upsert(StateSchema s, Connection c, String name, String schedule, String window, String nodeType, Map<String, Object> config,
                       Instant nextRun) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, "INSERT INTO dataflow.jobs (name, schedule, maintenance_window, node_type, config, next_run)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET schedule = EXCLUDED.schedule,"
                + " maintenance_window = EXCLUDED.maintenance_window, node_type = EXCLUDED.node_type, config = EXCLUDED.config,"
                // keep the due time when only the config changed, so re-registering on every start does not delay runs
                + " next_run = CASE WHEN dataflow.jobs.schedule = EXCLUDED.schedule THEN dataflow.jobs.next_run ELSE EXCLUDED.next_run END,"
                + " updated_at = now()")) {
            ps.setString(1, name);
            ps.setString(2, schedule);
            ps.setString(3, window);
            ps.setString(4, nodeType);
            ps.setObject(5, json(config));
            ps.setTimestamp(6, Timestamp.from(nextRun));
            ps.executeUpdate();
        }
    }

    static List<Job> all(StateSchema s, Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, "SELECT " + COLUMNS + " FROM dataflow.jobs " + where)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i] instanceof Instant t ? Timestamp.from(t) : args[i]);
            List<Job> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            return out;
        }
    }

    static Optional<Job> one(StateSchema s, Connection c, String where, Object... args) throws SQLException {
        List<Job> jobs = all(s, c, where, args);
        return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0));
    }

    private static Job read(ResultSet rs) throws SQLException {
        return new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), parse(rs.getString(5)),
                instant(rs, 6), instant(rs, 7), rs.getString(8), rs.getString(9), (Double) rs.getObject(10),
                rs.getLong(11), instant(rs, 12), rs.getString(13));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static PGobject json(Object value) throws SQLException {
        PGobject o = new PGobject();
        o.setType("jsonb");
        try {
            o.setValue(MAPPER.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataFlowException("cannot store a job config as JSON: " + e.getMessage(), e);
        }
        return o;
    }

    static Map<String, Object> parse(String json) {
        try {
            return json == null ? Map.of() : MAPPER.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataFlowException("a stored job config is not valid JSON: " + e.getMessage(), e);
        }
    }

    static void execute(StateSchema s, Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i] instanceof Instant t ? Timestamp.from(t) : args[i]);
            ps.executeUpdate();
        }
    }

    /** The tick of the run an instance left unfinished, if any. */
    static Optional<Instant> abandonedTick(StateSchema s, Connection c, String name) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, "SELECT scheduled_for FROM dataflow.job_runs WHERE job_name = ? AND status = 'running'"
                + " ORDER BY started_at DESC LIMIT 1")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
            }
        }
    }

    static boolean tryLock(StateSchema s, Connection c, String name) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, "SELECT pg_try_advisory_lock(hashtextextended('dataflow.job:' || ?, 0))")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static void unlock(StateSchema s, Connection c, String name) throws SQLException {
        try (PreparedStatement ps = s.prepare(c, "SELECT pg_advisory_unlock(hashtextextended('dataflow.job:' || ?, 0))")) {
            ps.setString(1, name);
            ps.execute();
        }
    }
}
