package io.dataflow.lock;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads the part of the server log written since the previous check, through pg_read_binary_file
 * (superuser, pg_read_server_files, or an explicit GRANT), when the server writes a log file
 * (logging_collector on). When it cannot, it says why instead of guessing.
 */
final class DeadlockLog {

    /** At most this much log is read per check; a busier log is read from its last megabyte. */
    static final long MAX_BYTES = 1 << 20;

    /** Where the next read starts. */
    record Position(String file, long offset) {
    }

    record Result(DeadlockReport.Log log, Position next) {
    }

    private DeadlockLog() {
    }

    /** @param previous where the previous check stopped, or null on the first check (which only records the end of the log) */
    static Result read(Connection c, Position previous) throws SQLException {
        String file = currentLogFile(c);
        if (file == null) {
            String collector = setting(c, "logging_collector");
            return new Result(DeadlockReport.Log.unreadable("the server log is not readable from SQL: " + ("on".equals(collector)
                    ? "pg_current_logfile() names no stderr log file" : "logging_collector is off, so the log goes to the server's"
                    + " stderr, which only the machine's administrator can read") + "; the count above is all there is"), previous);
        }
        long size = fileSize(c, file);
        if (previous == null) {
            return new Result(new DeadlockReport.Log(true, "first check: the log is read from here on", file, java.util.List.of()),
                    new Position(file, size));
        }
        long from = previous.file().equals(file) && previous.offset() <= size ? previous.offset() : 0;
        String reason = previous.file().equals(file) ? null : "the log was rotated since the previous check; deadlocks logged at the end of "
                + previous.file() + " are not shown";
        if (size - from > MAX_BYTES) {
            from = size - MAX_BYTES;
            reason = "more than 1 MB was logged since the previous check; only its last megabyte was read";
        }
        byte[] bytes = readBytes(c, file, from, size - from);
        int end = lastNewline(bytes); // a line still being written is read next time
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        return new Result(new DeadlockReport.Log(true, reason, file, DeadlockLogParser.parse(text)), new Position(file, from + end));
    }

    /** Why reading failed, in words that say what to grant. */
    static String failure(SQLException e) {
        if ("42501".equals(e.getSQLState())) {
            return "no permission to read the server log: pg_current_logfile, pg_stat_file and pg_read_binary_file need superuser,"
                    + " the pg_monitor / pg_read_server_files roles, or EXECUTE granted on them (" + e.getMessage() + ")";
        }
        return "reading the server log failed: " + e.getMessage();
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') return i + 1;
        }
        return 0;
    }

    private static String currentLogFile(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_current_logfile('stderr')"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static long fileSize(Connection c, String file) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT size FROM pg_stat_file(?)")) {
            ps.setString(1, file);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static byte[] readBytes(Connection c, String file, long from, long length) throws SQLException {
        if (length <= 0) return new byte[0];
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_read_binary_file(?, ?, ?)")) {
            ps.setString(1, file);
            ps.setLong(2, from);
            ps.setLong(3, length);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                byte[] b = rs.getBytes(1);
                return b == null ? new byte[0] : b;
            }
        }
    }
}
