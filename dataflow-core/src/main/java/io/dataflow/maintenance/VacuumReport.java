package io.dataflow.maintenance;

import java.util.List;

/**
 * What a VACUUM did, per table.
 *
 * @param tables in the order they were vacuumed
 */
public record VacuumReport(List<Vacuumed> tables) {

    /**
     * @param table         schema.table
     * @param method        vacuum, vacuum_full, or pg_repack (a full rebuild without the long lock, used when it can run)
     * @param statement     the statement that ran
     * @param bytesBefore   table, TOAST and indexes (pg_total_relation_size) before
     * @param bytesAfter    the same after
     * @param ms            how long it took
     * @param note          what to know about how it ran (the lock VACUUM FULL held), or null
     */
    public record Vacuumed(String table, String method, String statement, long bytesBefore, long bytesAfter, double ms, String note) {
    }
}
