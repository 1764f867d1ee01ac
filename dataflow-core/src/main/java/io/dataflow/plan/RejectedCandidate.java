package io.dataflow.plan;

import java.util.List;

/**
 * A candidate the advisor considered and did not propose.
 *
 * @param index        the candidate, readable ({@code orders (status, created_at)})
 * @param table        its table
 * @param columns      its key columns
 * @param reason       write_cost, budget, not_used_by_planner, superseded_by, below_min_benefit or could_not_be_made
 * @param supersededBy for superseded_by: the proposed index that serves its statements instead
 * @param benefit      weighted planner-cost drop it brings alone (before write cost), per period
 * @param benefitWithChosen the same with the proposed indexes in place
 * @param writeCost    what maintaining it would cost writers per period, in the same units
 * @param sizeBytes    its estimated size
 * @param detail       the reason in words, with the numbers it was judged by
 */
public record RejectedCandidate(String index, String table, List<String> columns, String reason, String supersededBy, double benefit,
                                double benefitWithChosen, double writeCost, long sizeBytes, String detail) {
}
