package io.dataflow.rewrite;

import java.util.List;

/**
 * A rewrite and its verification: the keys of {@code QueryRewriterNode}, {@code ExistsOptimizationNode}
 * and {@code ./dataflow rewrite --json}.
 *
 * @param original         the SQL as given
 * @param rewritten        the rewrite; the original itself when nothing applied or the rewrite was not equivalent
 * @param transformations  what was rewritten
 * @param equivalent       same results on the live database (null: not checked, or not decidable)
 * @param verified         whether it was run and found equivalent
 * @param costBefore       EXPLAIN cost of the original
 * @param costAfter        EXPLAIN cost of the rewrite
 * @param timeBeforeMs     median time of the original (null: not run, or stopped at the timeout)
 * @param timeAfterMs      median time of the rewrite
 * @param speedup          timeBefore / timeAfter
 * @param warnings         declined shapes with their reasons, notes, limits of the comparison
 * @param timedOutBefore   the original was stopped at the timeout ("> timeout")
 * @param firstDifference  the first differing row when not equivalent
 * @param rejected         the rewrite that was not equivalent, or that only speed justifies and was not faster (never
 *                         returned as {@code rewritten})
 * @param supplied         the check of a user-supplied rewrite, when one was given
 */
public record RewriteReport(String original, String rewritten, List<Transformation> transformations, Boolean equivalent,
                            boolean verified, Double costBefore, Double costAfter, Double timeBeforeMs, Double timeAfterMs,
                            Double speedup, List<String> warnings, boolean timedOutBefore, Difference firstDifference,
                            String rejected, Supplied supplied) {

    /**
     * A rewrite the user wrote (the guide's {@code rewritten}), checked like DataFlow's own.
     *
     * @param rewritten       the SQL as given
     * @param equivalent      same results as the original (null: not decided)
     * @param faster          lower median time than the original
     * @param costAfter       its EXPLAIN cost
     * @param timeAfterMs     its median time
     * @param speedup         original time / its time
     * @param firstDifference the first differing row when not equivalent
     * @param warnings        limits of the comparison
     */
    public record Supplied(String rewritten, Boolean equivalent, Boolean faster, Double costAfter, Double timeAfterMs, Double speedup,
                           Difference firstDifference, List<String> warnings) {
    }

    public RewriteReport {
        transformations = List.copyOf(transformations);
        warnings = List.copyOf(warnings);
    }
}
