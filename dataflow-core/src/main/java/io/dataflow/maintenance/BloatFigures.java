package io.dataflow.maintenance;

/**
 * How bloated one table or index is. {@code bloat_ratio = size / needed}: 1.0 is perfectly packed
 * (at the relation's fillfactor), 2.0 means it is twice the size its live rows need.
 *
 * @param sizeBytes   the relation's main fork as it is on disk (pg_relation_size)
 * @param neededBytes the size its live rows would take freshly packed at its fillfactor
 * @param accuracy    exact (pgstattuple, pgstatindex) or estimated (catalog statistics, pgstattuple_approx)
 * @param method      pgstattuple, pgstatindex, pgstattuple_approx or catalog_statistics
 * @param liveRows    the live rows (index entries for an index) the figure is based on, null when not counted
 */
public record BloatFigures(long sizeBytes, long neededBytes, String accuracy, String method, Long liveRows) {

    public static final String EXACT = "exact";
    public static final String ESTIMATED = "estimated";

    /** Bytes the relation could give back: size beyond what live rows need, never negative. */
    public long wastedBytes() {
        return Math.max(0, sizeBytes - neededBytes);
    }

    /** size / needed; an empty relation with pages counts as needing one page. */
    public double bloatRatio() {
        if (sizeBytes == 0) return 1.0;
        return (double) sizeBytes / Math.max(1, neededBytes);
    }

    public boolean exact() {
        return EXACT.equals(accuracy);
    }
}
