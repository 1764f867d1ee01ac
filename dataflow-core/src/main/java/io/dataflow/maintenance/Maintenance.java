package io.dataflow.maintenance;

import io.dataflow.DataFlow;

/**
 * The maintenance capability in one place, for {@code DataFlow} to expose as
 * {@code db.maintenance()}.
 */
public final class Maintenance {

    private final DataFlow db;

    public Maintenance(DataFlow db) {
        PostgresOnly.require(db, "maintenance");
        this.db = db;
    }

    /** Per-table autovacuum and storage parameters, manual VACUUM schedules. */
    public VacuumStrategy vacuumStrategy() {
        return new VacuumStrategy(db);
    }

    /** VACUUM now. */
    public Vacuum vacuum() {
        return new Vacuum(db);
    }

    /** Bloat of tables and indexes, and what to do about it. */
    public BloatMonitor bloat() {
        return new BloatMonitor(db);
    }

    /** One relation's bloat figure. */
    public BloatMeter bloatMeter() {
        return new BloatMeter(db);
    }
}
