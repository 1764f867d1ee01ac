package io.dataflow.tune;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What applying or reverting needs, checked before the first ALTER SYSTEM so a missing privilege
 * never leaves a change half done: superuser, or on PostgreSQL 15+ the ALTER SYSTEM privilege on
 * each parameter, plus EXECUTE on pg_reload_conf() and pg_show_all_file_settings() (to record
 * what ALTER SYSTEM had set before, so a revert can restore it).
 */
final class Privileges {

    private Privileges() {
    }

    static void check(Connection c, ServerInfo server, Collection<String> names) throws SQLException {
        if (server.superuser()) return;
        List<String> missing = new ArrayList<>();
        if (server.versionNum() < 150000) {
            missing.add("superuser (ALTER SYSTEM needs it before PostgreSQL 15; this server is " + server.version() + ")");
        } else {
            List<String> parameters = new ArrayList<>();
            for (String name : names) if (!parameter(c, name)) parameters.add(name);
            if (!parameters.isEmpty()) {
                missing.add("ALTER SYSTEM on parameter " + String.join(", ", parameters) + " (GRANT ALTER SYSTEM ON PARAMETER "
                        + String.join(", ", parameters) + " TO " + server.user() + ")");
            }
        }
        for (String function : List.of("pg_catalog.pg_reload_conf()", "pg_catalog.pg_show_all_file_settings()")) {
            if (!function(c, function)) missing.add("EXECUTE on " + function + " (GRANT EXECUTE ON FUNCTION " + function + " TO " + server.user() + ")");
        }
        if (!missing.isEmpty()) {
            throw new TuneException("role " + server.user() + " lacks the privileges to change server settings; nothing was applied. Missing: "
                    + String.join("; ", missing) + ". Or connect as a superuser.");
        }
    }

    static boolean function(Connection c, String signature) throws SQLException {
        return bool(c, "SELECT has_function_privilege(?, 'EXECUTE')", signature);
    }

    private static boolean parameter(Connection c, String name) throws SQLException {
        return bool(c, "SELECT has_parameter_privilege(?, 'ALTER SYSTEM')", name);
    }

    private static boolean bool(Connection c, String sql, String argument) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, argument);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
