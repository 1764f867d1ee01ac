package io.dataflow.pool;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataflow.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Planning time of one statement: pg_stat_statements' mean_plan_time when track_planning is on,
 * else EXPLAIN's "Planning Time" (GENERIC_PLAN for $n parameters, PostgreSQL 16+).
 */
final class PlanningTimes {

    private PlanningTimes() {
    }

    static Optional<Double> measure(Connection c, String sql, int serverMajor, boolean pgssPlanning) throws SQLException {
        if (pgssPlanning) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT sum(total_plan_time) / nullif(sum(plans), 0) FROM pg_stat_statements WHERE query = ?")) {
                ps.setString(1, sql);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getObject(1) != null) return Optional.of(rs.getDouble(1));
                }
            }
        }
        boolean params = sql.matches("(?s).*\\$\\d+.*");
        if (params && serverMajor < 16) return Optional.empty();
        String explain = "EXPLAIN (" + (params ? "GENERIC_PLAN, " : "") + "SUMMARY ON, FORMAT JSON) " + sql;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(explain)) {
            rs.next();
            JsonNode plan = Json.mapper().readTree(rs.getString(1)).get(0);
            return Optional.of(plan.get("Planning Time").asDouble());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.empty(); // not explainable (DDL, utility statements): no planning to save
        }
    }

    static boolean pgssTracksPlanning(Connection c) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('pg_stat_statements.track_planning', true)")) {
            return rs.next() && "on".equals(rs.getString(1))
                    && c.createStatement().executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'").next();
        } catch (SQLException e) {
            return false;
        }
    }
}
