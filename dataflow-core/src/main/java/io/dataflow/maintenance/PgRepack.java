package io.dataflow.maintenance;

import io.dataflow.DataFlow;
import io.dataflow.connect.ClientArguments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds a table with pg_repack instead of VACUUM FULL: same result, but only brief locks at the
 * start and end, so readers and writers keep going. Needs the extension in the database and its
 * client program (of the server's major version) on this machine, plus a primary key on the table.
 */
final class PgRepack {

    private final DataFlow db;

    PgRepack(DataFlow db) {
        this.db = db;
    }

    /** Why pg_repack cannot be used for this table, or empty when it can. */
    Optional<String> unusable(Connection c, Relation table) throws SQLException {
        if (!installed(c)) return Optional.of("pg_repack is not installed in this database (it would rebuild the table without blocking)");
        if (client(c).isEmpty()) return Optional.of("the pg_repack extension is installed but its client program is not on this machine");
        if (db.connectionUrl().isEmpty()) return Optional.of("pg_repack needs DataFlow's own connection settings, and this DataFlow uses an application DataSource");
        if (!hasPrimaryKey(c, table)) return Optional.of("pg_repack needs a primary key or a unique NOT NULL index on " + table.qualified());
        return Optional.empty();
    }

    /** Runs the client for one table; returns its output, throws with it on failure. */
    String repack(Connection c, Relation table) throws SQLException, IOException, InterruptedException {
        ClientArguments args = ClientArguments.of(db.connectionUrl().orElseThrow());
        List<String> command = new ArrayList<>(List.of(client(c).orElseThrow().toString()));
        command.addAll(args.arguments());
        command.add("--no-order");
        command.add("--table=" + table.qualified());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (args.password() != null) pb.environment().put("PGPASSWORD", args.password());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(6, TimeUnit.HOURS) || p.exitValue() != 0) {
            throw new IOException("pg_repack failed for " + table.qualified() + ": " + output);
        }
        return output;
    }

    private static boolean installed(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'pg_repack'")) {
            return rs.next();
        }
    }

    /** The client of the server's major version: PATH first, then Debian's per-version directory. */
    private static Optional<Path> client(Connection c) throws SQLException {
        int major;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            rs.next();
            major = rs.getInt(1);
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("/usr/lib/postgresql/" + major + "/bin/pg_repack"));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) candidates.add(Path.of(dir, "pg_repack"));
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    private static boolean hasPrimaryKey(Connection c, Relation table) throws SQLException {
        try (var ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_index WHERE indrelid = ? AND (indisprimary OR indisunique))")) {
            ps.setLong(1, table.oid());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
