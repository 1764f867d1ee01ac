package io.dataflow.rewrite;

import java.util.List;

/**
 * Original and rewritten query, run side by side on the live database.
 *
 * @param equivalent      whether the results are equal (as multisets, or as lists when {@code ordered});
 *                        null when it could not be decided (a timeout, too many rows)
 * @param ordered         compared as ordered lists (ORDER BY on a unique key)
 * @param rowsBefore      rows of the original (null when it timed out)
 * @param rowsAfter       rows of the rewrite
 * @param firstDifference the first row that differs, or null
 * @param costBefore      planner cost of the original
 * @param costAfter       planner cost of the rewrite
 * @param timeBeforeMs    median time of the original (null: it passed the timeout)
 * @param timeAfterMs     median time of the rewrite (null: it passed the timeout)
 * @param timeoutMs       the statement timeout of the runs
 * @param speedup         timeBefore / timeAfter (a lower bound when the original timed out)
 * @param warnings        what limits the comparison
 */
public record Verification(Boolean equivalent, boolean ordered, Long rowsBefore, Long rowsAfter, Difference firstDifference,
                           Double costBefore, Double costAfter, Double timeBeforeMs, Double timeAfterMs, long timeoutMs,
                           Double speedup, List<String> warnings) {

    public Verification {
        warnings = List.copyOf(warnings);
    }

    /**
     * When the results are equal but the rewrite ran slower than the original, what to tell the user;
     * else empty. Equal results are not an improvement by themselves.
     */
    public java.util.Optional<String> slowerNote() {
        if (!Boolean.TRUE.equals(equivalent) || timeBeforeMs == null || timeAfterMs == null || timeAfterMs <= timeBeforeMs) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format(java.util.Locale.ROOT,
                "equivalent but not faster here: %.1f ms against %.1f ms for the original (%.2fx); PostgreSQL already runs the original"
                        + " well on this data (e.g. index-only probes on all-visible pages): keep the original unless the data differs",
                timeAfterMs, timeBeforeMs, timeBeforeMs / timeAfterMs));
    }

    /** Whether the original was stopped at the timeout. */
    public boolean timedOutBefore() {
        return timeBeforeMs == null;
    }
}
