package io.dataflow.plan;

/**
 * When a plan pattern becomes a finding.
 *
 * @param slowestNodes         how many of the slowest nodes (by self time) to report
 * @param slowestMinShare      a slow node must take at least this share of the execution time...
 * @param slowestMinMs         ...and at least this many milliseconds (sub-millisecond nodes are noise)
 * @param misestimateFactor    estimated vs actual rows differ by at least this factor
 * @param seqScanMinRemoved    a sequential scan's filter removes at least this many rows...
 * @param seqScanRemovedShare  ...and at least this share of the rows it read
 * @param nestedLoopOuterRows  a nested loop runs its inner side at least this many times
 * @param bufferReadBlocks     a node reads at least this many blocks from outside shared buffers (8 kB each)
 */
public record FindingThresholds(int slowestNodes, double slowestMinShare, double slowestMinMs, double misestimateFactor, long seqScanMinRemoved,
                                double seqScanRemovedShare, long nestedLoopOuterRows, long bufferReadBlocks) {

    public static FindingThresholds defaults() {
        return new FindingThresholds(3, 0.10, 1.0, 10, 1000, 0.5, 1000, 1000);
    }
}
