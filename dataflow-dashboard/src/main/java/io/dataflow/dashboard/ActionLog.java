package io.dataflow.dashboard;

import io.dataflow.DataFlowException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Every action taken from the dashboard, in {@code dataflow.dashboard_actions}: who, when, what, and the result. */
public final class ActionLog {

    /** One recorded action. */
    public record Entry(long id, Instant at, String who, String database, String action, String target, boolean ok, String result) {
    }

    private final DataSource dataSource;

    ActionLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void ensure() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE IF NOT EXISTS dataflow.dashboard_actions (
                        id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), who text NOT NULL, database text NOT NULL,
                        action text NOT NULL, target text NOT NULL, ok boolean NOT NULL, result text NOT NULL)""");
        } catch (SQLException e) {
            throw new DataFlowException("cannot create dataflow.dashboard_actions: " + e.getMessage(), e);
        }
    }

    void record(String who, String database, String action, String target, boolean ok, String result) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO dataflow.dashboard_actions (who, database, action, target, ok, result) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, who);
            ps.setString(2, database);
            ps.setString(3, action);
            ps.setString(4, target);
            ps.setBoolean(5, ok);
            ps.setString(6, result);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DataFlowException("cannot record the dashboard action " + action + ": " + e.getMessage(), e);
        }
    }

    public List<Entry> recent(int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, at, who, database, action, target, ok, result FROM dataflow.dashboard_actions ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            List<Entry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp t = rs.getTimestamp(2);
                    out.add(new Entry(rs.getLong(1), t.toInstant(), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getBoolean(7), rs.getString(8)));
                }
            }
            return out;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) return List.of();
            throw new DataFlowException("cannot read dataflow.dashboard_actions: " + e.getMessage(), e);
        }
    }
}
