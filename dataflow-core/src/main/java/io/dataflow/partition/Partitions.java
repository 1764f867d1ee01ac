package io.dataflow.partition;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.config.ConfigException;
import io.dataflow.model.ModelSpec;
import io.dataflow.model.PartitioningSpec;
import io.dataflow.schedule.Job;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The guide's partition lifecycle ({@code db.partitions()}): create ahead (with DEFAULT's stranded
 * rows moved in), compress, archive with verification, drop, restore; state in {@code dataflow.partitions}.
 *
 * <pre>{@code
 * db.partitions().maintain("Event", Operation.parse(...), false);
 * db.partitions().status("Event");
 * }</pre>
 */
public final class Partitions {

    public static final String NODE = "PartitionMaintenanceNode";

    private final DataFlow db;
    private volatile FaultHook hook = FaultHook.NONE;

    public Partitions(DataFlow db) {
        this.db = db;
    }

    /** For tests that stop maintenance at a named step (see {@link FaultHook}). */
    public Partitions faultHook(FaultHook hook) {
        this.hook = hook == null ? FaultHook.NONE : hook;
        return this;
    }

    /** Parses the guide's {@code operations} list (for code and the CLI); errors name the key. */
    public static List<Operation> operations(List<?> raw) {
        return Operation.parse(NODE, "operations", raw);
    }

    /** The model, which must be registered and partitioned. */
    public ModelSpec partitionedModel(String name) {
        ModelSpec model = db.model(name).orElseThrow(() -> new DataFlowException("no model named " + name + " is registered"
                + io.dataflow.config.DidYouMean.hint(name, db.models().stream().map(ModelSpec::name).toList())));
        if (model.partitioning() == null) {
            throw new DataFlowException("model " + name + " is not partitioned: add dataflow.partitioning (strategy range or list) to it");
        }
        return model;
    }

    /**
     * What the model's own config asks for: create_future from {@code automatic.create_ahead}; compress
     * from {@code retention.keep_months}, archive (when a destination is given) from {@code archive_months},
     * drop from {@code delete_after}.
     */
    public List<Operation> defaultOperations(String modelName, ArchiveDestination destination) {
        ModelSpec model = partitionedModel(modelName);
        List<Operation> ops = new ArrayList<>();
        ops.add(new Operation.CreateFuture(null));
        if (model.partitioning() instanceof PartitioningSpec.Range r && r.retention() != null) {
            PartitioningSpec.Retention ret = r.retention();
            if (ret.keepMonths() >= 0) ops.add(new Operation.CompressOld(ret.keepMonths(), "lz4"));
            if (ret.archiveMonths() >= 0 && destination != null) {
                ops.add(new Operation.Archive(ret.archiveMonths(), destination, ArchiveFormat.TEXT, Codec.ZSTD));
            }
            if (ret.deleteAfterMonths() >= 0) ops.add(new Operation.Drop(ret.deleteAfterMonths()));
        }
        return ops;
    }

    /** Runs the operations in order; with {@code dryRun} only says what would happen. */
    public MaintenanceReport maintain(String modelName, List<Operation> operations, boolean dryRun) {
        ModelSpec model = partitionedModel(modelName);
        db.state().ensure();
        MaintenanceContext ctx = new MaintenanceContext(db.dataSource(), model, db.clock().instant(), dryRun, hook);
        checkTable(model);
        Map<Operation.Archive, ArchiveStore> stores = new LinkedHashMap<>();
        try (RunLock lock = dryRun ? null : RunLock.take(db.dataSource(), model.table())) {
            // every destination is checked (a test write) before any step: wrong credentials fail here, with nothing done
            for (Operation op : operations) {
                if (op instanceof Operation.Archive a) {
                    ArchiveStore store = ArchiveStore.open(a.destination());
                    stores.put(a, store);
                    if (!dryRun) store.check();
                }
            }
            int version = db.capabilities().serverVersionNumber();
            for (Operation op : operations) {
                if (op instanceof Operation.CreateFuture cf) PartitionLayout.createFuture(ctx, cf);
                else if (op instanceof Operation.CompressOld co) Compressor.compress(ctx, co, months(ctx, co, co.olderThanMonths()), version);
                else if (op instanceof Operation.Archive a) Archiver.archive(ctx, a, months(ctx, a, a.olderThanMonths()), stores.get(a));
                else if (op instanceof Operation.Drop d) {
                    try (ArchiveStores known = new ArchiveStores(stores.values())) {
                        Dropper.drop(ctx, months(ctx, d, d.olderThanMonths()), version, known);
                    }
                }
            }
        } catch (SQLException e) {
            throw new DataFlowException("partition maintenance of " + modelName + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataFlowException("partition maintenance of " + modelName + " failed: " + e.getMessage(), e);
        } finally {
            stores.values().forEach(ArchiveStore::close);
        }
        return new MaintenanceReport(model.name(), model.table(), dryRun, List.copyOf(ctx.actions), List.copyOf(ctx.notes));
    }

    private static int months(MaintenanceContext ctx, Operation op, Integer given) {
        if (given != null) return given;
        if (ctx.partitioning() instanceof PartitioningSpec.Range r && r.retention() != null) {
            PartitioningSpec.Retention ret = r.retention();
            int v = op instanceof Operation.CompressOld ? ret.keepMonths()
                    : op instanceof Operation.Archive ? (ret.archiveMonths() >= 0 ? ret.archiveMonths() : ret.keepMonths())
                    : op instanceof Operation.Drop ? ret.deleteAfterMonths() : -1;
            if (v >= 0) return v;
        }
        throw new ConfigException(NODE, "operations", op.type() + " needs older_than_months (the model " + ctx.model.name()
                + " has no retention to take it from)");
    }

    private void checkTable(ModelSpec model) {
        try (Connection c = db.dataSource().getConnection()) {
            if (!PartitionCatalog.isPartitioned(c, model.table())) {
                throw new DataFlowException("table " + model.table() + " of model " + model.name() + " is missing or not partitioned;"
                        + " run db.sync() (./dataflow schema MODELS --apply) first");
            }
        } catch (SQLException e) {
            throw new DataFlowException("cannot read table " + model.table() + ": " + e.getMessage(), e);
        }
    }

    /** Every partition with bounds, rows, size and state, plus what {@code nextRun} operations would do. */
    public PartitionStatus status(String modelName, List<Operation> nextRun) {
        ModelSpec model = partitionedModel(modelName);
        db.state().ensure();
        checkTable(model);
        MaintenanceReport plan = maintain(modelName, nextRun, true);
        Map<String, String> next = new LinkedHashMap<>();
        for (MaintenanceAction a : plan.actions()) {
            if (a.partition() != null) next.merge(a.partition(), a.operation() + ":" + a.action(), (x, y) -> x + ", " + y);
        }
        List<PartitionView> views = new ArrayList<>();
        long defaultRows = 0;
        try (Connection c = db.dataSource().getConnection()) {
            List<LivePartition> live = PartitionCatalog.partitions(c, model.table());
            Map<String, PartitionRecord> records = new LinkedHashMap<>();
            for (PartitionRecord r : PartitionStore.all(c, model.table())) records.put(r.partition(), r);
            for (LivePartition p : live) {
                long rows = PartitionCatalog.count(c, p.name());
                if (p.isDefault()) defaultRows = rows;
                PartitionRecord r = records.get(p.name());
                String kind = p.isDefault() ? "default" : (p.from() != null || p.to() != null ? "range" : "list");
                views.add(new PartitionView(p.name(), kind, str(p.from()), str(p.to()), p.values(), rows, p.bytes(),
                        r == null ? "active" : r.state(), r == null ? null : r.archiveUri(), next.get(p.name())));
            }
            for (PartitionRecord r : records.values()) {
                if (live.stream().anyMatch(p -> p.name().equals(r.partition()))) continue;
                long rows = r.archiveRows() == null ? 0 : r.archiveRows();
                views.add(new PartitionView(r.partition(), "gone", r.lowerBound(), r.upperBound(), List.of(), rows,
                        PartitionCatalog.size(c, r.partition()), r.state(), r.archiveUri(), next.get(r.partition())));
            }
        } catch (SQLException e) {
            throw new DataFlowException("cannot read partitions of " + model.table() + ": " + e.getMessage(), e);
        }
        List<MaintenanceAction> planned = plan.actions().stream().filter(a -> !a.action().equals("skipped") || a.partition() != null).toList();
        return new PartitionStatus(model.name(), model.table(), model.partitioning().strategy(), views, defaultRows, planned, plan.notes());
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    /**
     * Loads an archived partition back: attached as a partition (its bounds must be free) or as a
     * standalone table ({@code table} null: {@code <partition>_restored}). The archive is found through
     * {@code dataflow.partitions} when {@code destination} is null.
     */
    public RestoreResult restore(String modelName, String partition, boolean attach, String table, ArchiveDestination destination, boolean dryRun) {
        ModelSpec model = partitionedModel(modelName);
        db.state().ensure();
        MaintenanceContext ctx = new MaintenanceContext(db.dataSource(), model, db.clock().instant(), dryRun, hook);
        ArchiveDestination dest = destination;
        if (dest == null) {
            Optional<PartitionRecord> rec;
            try (Connection c = db.dataSource().getConnection()) {
                rec = PartitionStore.get(c, model.table(), partition);
            } catch (SQLException e) {
                throw new DataFlowException("cannot read partition state: " + e.getMessage(), e);
            }
            String manifest = rec.map(PartitionRecord::manifestUri).orElseThrow(() -> new DataFlowException("no archive of " + partition
                    + " is recorded for " + model.table() + "; pass the destination it was archived to"));
            String base = manifest.substring(0, manifest.length() - Archiver.manifestName(model.table(), partition).length());
            dest = ArchiveDestination.of(base); // an S3 one takes its endpoint and credentials from the AWS SDK's usual sources
        }
        try (ArchiveStore store = ArchiveStore.open(dest)) {
            return Restorer.restore(ctx, partition, attach, table, store);
        } catch (SQLException | IOException e) {
            throw new DataFlowException("restore of " + partition + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Registers the model's scheduled maintenance ({@code automatic.maintenance_schedule}) with the
     * scheduler: a PartitionMaintenanceNode job {@code partition_maintenance:<model>} that creates
     * partitions ahead, compresses after keep_months, and (when the retention does not require an
     * archive, or a destination is given) archives and drops.
     */
    public Job schedule(String modelName, String destination) {
        ModelSpec model = partitionedModel(modelName);
        String schedule = model.partitioning() instanceof PartitioningSpec.Range r && r.maintenanceSchedule() != null ? r.maintenanceSchedule() : "daily";
        List<Map<String, Object>> ops = new ArrayList<>();
        for (Operation op : defaultOperations(modelName, destination == null ? null : ArchiveDestination.of(destination))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", op.type());
            if (op instanceof Operation.Archive) m.put("destination", destination);
            ops.add(m);
        }
        return db.scheduler().register(jobName(modelName), schedule, NODE, Map.of("model", modelName, "operations", ops), null);
    }

    /**
     * Registers the scheduled maintenance of every registered range-partitioned model that has an
     * {@code automatic} section ({@link io.dataflow.DataFlow#sync()} calls this after creating tables).
     */
    public List<Job> automate() {
        List<Job> out = new ArrayList<>();
        for (ModelSpec m : db.models()) {
            if (m.partitioning() instanceof PartitioningSpec.Range r && r.maintenanceSchedule() != null) out.add(schedule(m.name(), null));
        }
        return out;
    }

    public static String jobName(String model) {
        return "partition_maintenance:" + model;
    }

}
