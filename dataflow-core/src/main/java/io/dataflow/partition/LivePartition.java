package io.dataflow.partition;

import java.time.LocalDate;
import java.util.List;

/**
 * A partition attached to its parent, as the catalog shows it (range bounds read in UTC).
 *
 * @param name      the partition table
 * @param isDefault the DEFAULT partition
 * @param from      range lower bound (inclusive), null for MINVALUE or a non-range partition
 * @param to        range upper bound (exclusive), null for MAXVALUE or a non-range partition
 * @param values    list partition values, empty otherwise
 * @param bound     the bound as the server deparses it
 * @param bytes     total size including TOAST and indexes
 */
public record LivePartition(String name, boolean isDefault, LocalDate from, LocalDate to, List<String> values, String bound, long bytes) {

    /** Wholly older than {@code cutoff}: every row's key is before it. */
    public boolean endsBy(LocalDate cutoff) {
        return to != null && !to.isAfter(cutoff);
    }

    public boolean overlaps(LocalDate otherFrom, LocalDate otherTo) {
        if (from == null && to == null) return false;
        return (from == null || from.isBefore(otherTo)) && (to == null || to.isAfter(otherFrom));
    }
}
