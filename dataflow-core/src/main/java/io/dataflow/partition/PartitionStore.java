package io.dataflow.partition;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and writes {@code dataflow.partitions} and {@code dataflow.partition_log} on the caller's connection (and transaction). */
final class PartitionStore {

    private static final String COLUMNS = "parent_table, partition, lower_bound, upper_bound, state, bytes_before, bytes_after, archive_uri,"
            + " manifest_uri, archive_format, archive_codec, archive_rows, archive_checksum, archive_bytes, verified_at";

    private PartitionStore() {
    }

    static Optional<PartitionRecord> get(Connection c, String parent, String partition) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM dataflow.partitions WHERE parent_table = ? AND partition = ?")) {
            ps.setString(1, parent);
            ps.setString(2, partition);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    static List<PartitionRecord> all(Connection c, String parent) throws SQLException {
        List<PartitionRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM dataflow.partitions WHERE parent_table = ? ORDER BY lower_bound NULLS LAST, partition")) {
            ps.setString(1, parent);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
        }
        return out;
    }

    private static PartitionRecord read(ResultSet rs) throws SQLException {
        Timestamp verified = rs.getTimestamp(15);
        return new PartitionRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                (Long) rs.getObject(6), (Long) rs.getObject(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                (Long) rs.getObject(12), rs.getString(13), (Long) rs.getObject(14), verified == null ? null : verified.toInstant());
    }

    /** Creates the row when missing and sets its state (and bounds when given). */
    static void state(Connection c, String parent, LivePartition p, String state, Instant now) throws SQLException {
        state(c, parent, p.name(), p.from() == null ? null : p.from().toString(), p.to() == null ? null : p.to().toString(), state, now);
    }

    static void state(Connection c, String parent, String partition, String lower, String upper, String state, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO dataflow.partitions (parent_table, partition, lower_bound, upper_bound, state, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (parent_table, partition) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at,
                    lower_bound = coalesce(EXCLUDED.lower_bound, dataflow.partitions.lower_bound),
                    upper_bound = coalesce(EXCLUDED.upper_bound, dataflow.partitions.upper_bound)""")) {
            ps.setString(1, parent);
            ps.setString(2, partition);
            ps.setString(3, lower);
            ps.setString(4, upper);
            ps.setString(5, state);
            ps.setTimestamp(6, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    static void compressed(Connection c, String parent, LivePartition p, long before, long after, Instant now) throws SQLException {
        state(c, parent, p, "compressed", now);
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE dataflow.partitions SET bytes_before = ?, bytes_after = ?, compressed_at = ? WHERE parent_table = ? AND partition = ?""")) {
            ps.setLong(1, before);
            ps.setLong(2, after);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, parent);
            ps.setString(5, p.name());
            ps.executeUpdate();
        }
    }

    static void exported(Connection c, String parent, LivePartition p, String uri, String manifestUri, ArchiveManifest m, Instant now) throws SQLException {
        state(c, parent, p, "exported", now);
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE dataflow.partitions SET archive_uri = ?, manifest_uri = ?, archive_format = ?, archive_codec = ?, archive_rows = ?,
                       archive_checksum = ?, archive_bytes = ?, exported_at = ?, verified_at = NULL
                 WHERE parent_table = ? AND partition = ?""")) {
            ps.setString(1, uri);
            ps.setString(2, manifestUri);
            ps.setString(3, m.format());
            ps.setString(4, m.compression());
            ps.setLong(5, m.rows());
            ps.setString(6, m.checksum());
            ps.setLong(7, m.bytes());
            ps.setTimestamp(8, Timestamp.from(now));
            ps.setString(9, parent);
            ps.setString(10, p.name());
            ps.executeUpdate();
        }
    }

    static void verified(Connection c, String parent, String partition, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE dataflow.partitions SET state = 'archived', verified_at = ?, updated_at = ? WHERE parent_table = ? AND partition = ?""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, parent);
            ps.setString(4, partition);
            ps.executeUpdate();
        }
    }

    /** Forgets an archive that can no longer be trusted (rows changed, verification failed): the next run exports again. */
    static void invalidateArchive(Connection c, String parent, String partition, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE dataflow.partitions SET state = 'active', verified_at = NULL, updated_at = ? WHERE parent_table = ? AND partition = ?""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, parent);
            ps.setString(3, partition);
            ps.executeUpdate();
        }
    }

    /** As {@link #invalidateArchive}, for a partition that stays detached: its archive is no longer trusted, its state is kept. */
    static void forgetArchive(Connection c, String parent, String partition, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE dataflow.partitions SET verified_at = NULL, updated_at = ? WHERE parent_table = ? AND partition = ?""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, parent);
            ps.setString(3, partition);
            ps.executeUpdate();
        }
    }

    static void stamp(Connection c, String parent, String partition, String column, Instant now) throws SQLException {
        if (!column.equals("detached_at") && !column.equals("dropped_at")) throw new IllegalArgumentException(column);
        try (PreparedStatement ps = c.prepareStatement("UPDATE dataflow.partitions SET " + column + " = ? WHERE parent_table = ? AND partition = ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, parent);
            ps.setString(3, partition);
            ps.executeUpdate();
        }
    }

    static void log(Connection c, String parent, String partition, String step, String detail, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dataflow.partition_log (parent_table, partition, step, detail, at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, parent);
            ps.setString(2, partition);
            ps.setString(3, step);
            ps.setString(4, detail);
            ps.setTimestamp(5, Timestamp.from(now));
            ps.executeUpdate();
        }
    }
}
