package io.dataflow.partition;

import static io.dataflow.sql.Identifiers.quote;

import io.dataflow.model.PartitioningSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * drop: detach, then drop. When the retention says archive, a partition goes only with a verified
 * archive whose row count still matches the partition (rows written after the export would be lost
 * otherwise). DETACH ... CONCURRENTLY is used where PostgreSQL allows it (14+, and no DEFAULT
 * partition); an interrupted concurrent detach is finished with FINALIZE. Each step commits with its
 * state row in the same transaction, so a stop between them resumes cleanly.
 */
final class Dropper {

    private Dropper() {
    }

    static boolean archiveRequired(MaintenanceContext ctx) {
        return ctx.partitioning() instanceof PartitioningSpec.Range r && r.retention() != null && r.retention().archiveMonths() >= 0;
    }

    static void drop(MaintenanceContext ctx, int olderThan, int serverVersion) throws SQLException {
        var cutoff = ctx.cutoff(olderThan);
        boolean needArchive = archiveRequired(ctx);
        try (Connection c = ctx.dataSource.getConnection()) {
            List<LivePartition> live = PartitionCatalog.partitions(c, ctx.table);
            boolean hasDefault = live.stream().anyMatch(LivePartition::isDefault);
            for (LivePartition p : live) {
                if (p.isDefault() || !p.endsBy(cutoff)) continue;
                Optional<PartitionRecord> rec = PartitionStore.get(ctx.state, c, ctx.table, p.name());
                if (rec.isPresent() && rec.get().state().equals("restored")) {
                    ctx.skipped("drop", p.name(), "was restored from its archive on purpose; maintenance leaves restored partitions alone"
                            + " (DROP it by hand, or detach it, when it is no longer needed)");
                    continue;
                }
                if (needArchive && (rec.isEmpty() || !rec.get().verified())) {
                    ctx.skipped("drop", p.name(), "the model's retention archives partitions and " + p.name() + " has no verified archive yet");
                    continue;
                }
                if (needArchive) {
                    long rows = PartitionCatalog.count(c, p.name());
                    if (rows != rec.get().archiveRows()) {
                        if (!ctx.dryRun) PartitionStore.invalidateArchive(ctx.state, c, ctx.table, p.name(), ctx.now);
                        ctx.skipped("drop", p.name(), "holds " + rows + " rows but its archive has " + rec.get().archiveRows()
                                + "; the archive is out of date and will be made again before the partition is dropped");
                        continue;
                    }
                }
                boolean concurrently = serverVersion >= 140000 && !hasDefault;
                if (ctx.dryRun) {
                    ctx.did(c, "drop", p.name(), "detached", concurrently ? "DETACH PARTITION CONCURRENTLY" : detachWhy(serverVersion));
                    ctx.did(c, "drop", p.name(), "dropped", "DROP TABLE" + (needArchive ? " (verified archive at " + rec.get().archiveUri() + ")" : ""));
                    continue;
                }
                detach(ctx, c, p, concurrently, serverVersion);
                ctx.did(c, "drop", p.name(), "detached", concurrently ? "DETACH PARTITION CONCURRENTLY" : detachWhy(serverVersion));
                ctx.hook.at("detached", p.name());
                dropDetached(ctx, c, p.name(), needArchive ? rec.get().archiveUri() : null);
            }
            // partitions detached by an earlier run that stopped before the DROP
            for (PartitionRecord r : PartitionStore.all(ctx.state, c, ctx.table)) {
                if (!r.state().equals("detached") || ctx.dryRun) continue;
                dropDetached(ctx, c, r.partition(), r.archiveUri());
            }
        }
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
            PartitionStore.state(ctx.state, c, ctx.table, p, "detached", ctx.now);
            PartitionStore.stamp(ctx.state, c, ctx.table, p.name(), "detached_at", ctx.now);
            return;
        }
        if (concurrently) {
            try (Statement st = c.createStatement()) {
                st.execute(detach + " CONCURRENTLY"); // cannot run in a transaction block
            }
            PartitionStore.state(ctx.state, c, ctx.table, p, "detached", ctx.now);
            PartitionStore.stamp(ctx.state, c, ctx.table, p.name(), "detached_at", ctx.now);
            return;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute(detach);
            PartitionStore.state(ctx.state, c, ctx.table, p, "detached", ctx.now);
            PartitionStore.stamp(ctx.state, c, ctx.table, p.name(), "detached_at", ctx.now);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** DROP TABLE and the state row's 'dropped' commit together; a stop inside leaves it detached, to be dropped next run. */
    private static void dropDetached(MaintenanceContext ctx, Connection c, String partition, String archiveUri) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + quote(partition));
            PartitionStore.state(ctx.state, c, ctx.table, partition, null, null, "dropped", ctx.now);
            PartitionStore.stamp(ctx.state, c, ctx.table, partition, "dropped_at", ctx.now);
            ctx.hook.at("dropping", partition);
            c.commit();
        } catch (SQLException | RuntimeException | Error e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        ctx.did(c, "drop", partition, "dropped", "DROP TABLE" + (archiveUri == null ? "" : " (verified archive at " + archiveUri + ")"));
    }
}
