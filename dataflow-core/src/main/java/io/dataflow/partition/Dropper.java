package io.dataflow.partition;

import static io.dataflow.sql.Identifiers.quote;

import io.dataflow.model.PartitioningSpec;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * drop: detach, then drop. When the retention says archive, a partition goes only after two checks
 * made right before it goes, never trusting the state table's record alone:
 * <ol>
 * <li>before the detach, the archive as it is in the destination now: manifest and data file present
 * and readable, the data file's rows and checksum equal to the manifest's, and the manifest equal to
 * what was recorded when it was verified;</li>
 * <li>after the detach (no write through the parent reaches it any more), in the DROP's own
 * transaction with the table locked against direct writes: the partition's columns, row count and
 * order-independent digest of its rows equal to the archive's.</li>
 * </ol>
 * On a mismatch nothing is dropped: a detached partition is attached again, the archive is forgotten
 * (state 'active', so the next run exports it again and then drops), and the report and
 * {@code dataflow.partition_log} say why. DETACH ... CONCURRENTLY is used where PostgreSQL allows it
 * (14+, and no DEFAULT partition); an interrupted concurrent detach is finished with FINALIZE. Each step
 * commits with its state row in the same transaction, so a stop between them resumes cleanly.
 */
final class Dropper {

    private static final String AGAIN = "; nothing was dropped, the archive is no longer trusted and the next run archives the partition again,"
            + " then drops it";

    private Dropper() {
    }

    static boolean archiveRequired(MaintenanceContext ctx) {
        return ctx.partitioning() instanceof PartitioningSpec.Range r && r.retention() != null && r.retention().archiveMonths() >= 0;
    }

    static void drop(MaintenanceContext ctx, int olderThan, int serverVersion, ArchiveStores stores) throws SQLException, IOException {
        var cutoff = ctx.cutoff(olderThan);
        boolean needArchive = archiveRequired(ctx);
        try (Connection c = ctx.dataSource.getConnection()) {
            List<LivePartition> live = PartitionCatalog.partitions(c, ctx.table);
            boolean hasDefault = live.stream().anyMatch(LivePartition::isDefault);
            for (LivePartition p : live) {
                if (p.isDefault() || !p.endsBy(cutoff)) continue;
                Optional<PartitionRecord> rec = PartitionStore.get(c, ctx.table, p.name());
                if (rec.isPresent() && rec.get().state().equals("restored")) {
                    ctx.skipped("drop", p.name(), "was restored from its archive on purpose; maintenance leaves restored partitions alone"
                            + " (DROP it by hand, or detach it, when it is no longer needed)");
                    continue;
                }
                if (needArchive && (rec.isEmpty() || !rec.get().verified())) {
                    ctx.skipped("drop", p.name(), "the model's retention archives partitions and " + p.name() + " has no verified archive yet");
                    continue;
                }
                ArchiveCheck.Stored stored = null;
                if (needArchive) {
                    long rows = PartitionCatalog.count(c, p.name());
                    if (rows != rec.get().archiveRows()) {
                        refuse(ctx, c, p.name(), "it holds " + rows + " rows but its archive has " + rec.get().archiveRows());
                        continue;
                    }
                    stored = storedArchive(ctx, rec.get(), stores);
                    if (stored.unreachable()) {
                        ctx.skipped("drop", p.name(), "not dropped: the archive " + rec.get().archiveUri() + " could not be checked: "
                                + stored.problem() + "; its record is kept and the next run checks it again");
                        continue;
                    }
                    if (!stored.ok()) {
                        refuse(ctx, c, p.name(), "the archive " + rec.get().archiveUri() + " is not as recorded: " + stored.problem());
                        continue;
                    }
                }
                boolean concurrently = serverVersion >= 140000 && !hasDefault;
                if (ctx.dryRun) {
                    ctx.did(c, "drop", p.name(), "detached", concurrently ? "DETACH PARTITION CONCURRENTLY" : detachWhy(serverVersion));
                    ctx.did(c, "drop", p.name(), "dropped", "DROP TABLE" + (needArchive ? " (archive at " + rec.get().archiveUri()
                            + " read back and verified; the rows are compared with it after the detach)" : ""));
                    continue;
                }
                detach(ctx, c, p, concurrently, serverVersion);
                ctx.did(c, "drop", p.name(), "detached", concurrently ? "DETACH PARTITION CONCURRENTLY" : detachWhy(serverVersion));
                ctx.hook.at("detached", p.name());
                dropDetached(ctx, c, p.name(), needArchive ? rec.get() : null, stored == null ? null : stored.manifest());
            }
            // partitions detached by an earlier run that stopped before the DROP
            for (PartitionRecord r : PartitionStore.all(c, ctx.table)) {
                if (!r.state().equals("detached") || ctx.dryRun) continue;
                if (!r.verified() && !needArchive) {
                    dropDetached(ctx, c, r.partition(), null, null);
                    continue;
                }
                if (!r.verified()) {
                    ctx.skipped("drop", r.partition(), "is detached and has no verified archive (its rows differed from the archive and it"
                            + " could not be attached again); attach it by hand: ALTER TABLE " + quote(ctx.table) + " ATTACH PARTITION "
                            + quote(r.partition()) + " FOR VALUES FROM (...) TO (...)");
                    continue;
                }
                ArchiveCheck.Stored stored = storedArchive(ctx, r, stores);
                if (stored.unreachable()) {
                    ctx.skipped("drop", r.partition(), "not dropped (detached): the archive " + r.archiveUri() + " could not be checked: "
                            + stored.problem() + "; the next run checks it again");
                    continue;
                }
                if (!stored.ok()) {
                    reattach(ctx, c, r, "the archive " + r.archiveUri() + " is not as recorded: " + stored.problem());
                    continue;
                }
                dropDetached(ctx, c, r.partition(), r, stored.manifest());
            }
        }
    }

    private static ArchiveCheck.Stored storedArchive(MaintenanceContext ctx, PartitionRecord rec, ArchiveStores stores) {
        ArchiveStore store;
        try {
            store = stores.forRecord(ctx.table, rec);
        } catch (RuntimeException e) {
            return new ArchiveCheck.Stored(null, "its destination cannot be opened from " + rec.manifestUri() + " (" + e.getMessage() + ")", true);
        }
        return ArchiveCheck.stored(store, ctx.table, rec);
    }

    /** Not dropped, and why: the archive is forgotten so the next run exports again; logged unless a dry run. */
    private static void refuse(MaintenanceContext ctx, Connection c, String partition, String why) throws SQLException {
        if (!ctx.dryRun) {
            PartitionStore.invalidateArchive(c, ctx.table, partition, ctx.now);
            PartitionStore.log(c, ctx.table, partition, "drop:refused", why + AGAIN, ctx.now);
        }
        ctx.skipped("drop", partition, "not dropped: " + why + AGAIN);
    }

    /**
     * A detached partition that may not be dropped goes back where it was; when PostgreSQL refuses
     * (e.g. the DEFAULT partition took rows of its range meanwhile) it stays detached, its archive
     * forgotten, and the report says how to attach it.
     */
    private static void reattach(MaintenanceContext ctx, Connection c, PartitionRecord rec, String why) throws SQLException {
        String attach = "ALTER TABLE " + quote(ctx.table) + " ATTACH PARTITION " + quote(rec.partition()) + " FOR VALUES FROM ("
                + bound(ctx, rec.lowerBound(), "MINVALUE") + ") TO (" + bound(ctx, rec.upperBound(), "MAXVALUE") + ")";
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute(attach);
            PartitionStore.invalidateArchive(c, ctx.table, rec.partition(), ctx.now);
            PartitionStore.log(c, ctx.table, rec.partition(), "drop:refused", why + "; attached again" + AGAIN, ctx.now);
            c.commit();
            ctx.skipped("drop", rec.partition(), "not dropped: " + why + "; attached again" + AGAIN);
        } catch (SQLException e) {
            c.rollback();
            PartitionStore.forgetArchive(c, ctx.table, rec.partition(), ctx.now);
            String stays = why + "; it stays detached because attaching it again failed (" + e.getMessage() + "); nothing was dropped;"
                    + " attach it by hand (" + attach + ") and the next run archives it again";
            PartitionStore.log(c, ctx.table, rec.partition(), "drop:refused", stays, ctx.now);
            ctx.skipped("drop", rec.partition(), "not dropped: " + stays);
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static String bound(MaintenanceContext ctx, String day, String open) {
        return day == null ? open : ctx.bound(LocalDate.parse(day));
    }

    private static String detachWhy(int serverVersion) {
        return serverVersion < 140000 ? "DETACH PARTITION (CONCURRENTLY needs PostgreSQL 14)"
                : "DETACH PARTITION (PostgreSQL does not allow CONCURRENTLY while the table has a DEFAULT partition)";
    }

    private static void detach(MaintenanceContext ctx, Connection c, LivePartition p, boolean concurrently, int serverVersion) throws SQLException {
        String detach = "ALTER TABLE " + quote(ctx.table) + " DETACH PARTITION " + quote(p.name());
        if (serverVersion >= 140000 && PartitionCatalog.detachPending(c, p.name())) {
            try (Statement st = c.createStatement()) {
                st.execute(detach + " FINALIZE"); // a concurrent detach was interrupted: finish it
            }
            PartitionStore.state(c, ctx.table, p, "detached", ctx.now);
            PartitionStore.stamp(c, ctx.table, p.name(), "detached_at", ctx.now);
            return;
        }
        if (concurrently) {
            try (Statement st = c.createStatement()) {
                st.execute(detach + " CONCURRENTLY"); // cannot run in a transaction block
            }
            PartitionStore.state(c, ctx.table, p, "detached", ctx.now);
            PartitionStore.stamp(c, ctx.table, p.name(), "detached_at", ctx.now);
            return;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute(detach);
            PartitionStore.state(c, ctx.table, p, "detached", ctx.now);
            PartitionStore.stamp(c, ctx.table, p.name(), "detached_at", ctx.now);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /**
     * DROP TABLE and the state row's 'dropped' commit together; a stop inside leaves it detached, to be
     * dropped next run. With an archive, the table is first locked (SHARE: no writes, reads go on) and
     * its rows compared with the archive in the same transaction; a mismatch rolls back and attaches it again.
     */
    private static void dropDetached(MaintenanceContext ctx, Connection c, String partition, PartitionRecord rec, ArchiveManifest manifest)
            throws SQLException, IOException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        String mismatch = null;
        try (Statement st = c.createStatement()) {
            if (manifest != null && PartitionCatalog.exists(c, partition)) {
                st.execute("LOCK TABLE " + quote(partition) + " IN SHARE MODE");
                mismatch = ArchiveCheck.content(c, partition, manifest);
            }
            if (mismatch == null) {
                st.execute("DROP TABLE IF EXISTS " + quote(partition));
                PartitionStore.state(c, ctx.table, partition, null, null, "dropped", ctx.now);
                PartitionStore.stamp(c, ctx.table, partition, "dropped_at", ctx.now);
                ctx.hook.at("dropping", partition);
                c.commit();
            } else {
                c.rollback();
            }
        } catch (SQLException | IOException | RuntimeException | Error e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        if (mismatch != null) {
            reattach(ctx, c, rec, mismatch);
            return;
        }
        ctx.did(c, "drop", partition, "dropped", "DROP TABLE" + (rec == null ? "" : " (archive at " + rec.archiveUri() + " read back and"
                + " verified, and the partition's " + manifest.rows() + " rows equal to it: " + manifest.checksum() + ")"));
    }
}
