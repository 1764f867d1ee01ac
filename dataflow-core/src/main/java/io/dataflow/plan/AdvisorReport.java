package io.dataflow.plan;

import java.util.List;

/**
 * What the advisor proposes for a workload.
 *
 * @param indexes            the indexes to create, best first
 * @param workloadCostBefore sum of weight x planner cost of every statement, as the database is
 * @param workloadCostAfter  the same with the proposed indexes in place
 * @param droppedCandidates  candidates considered and not proposed
 * @param unusedIndexes      existing indexes that are unused, duplicates or prefixes of others
 * @param candidates         how many candidates were considered
 * @param queries            how many statements the workload has
 * @param whatIf             hypopg or rollback
 * @param plans              how many what-if plans it took (EXPLAINs actually run; repeated ones are memoized)
 * @param adviseMs           how long advising took
 * @param notes              statements that could not be planned or read, and why
 * @param rejected           every candidate considered and not proposed, with its reason, benefit and cost, largest benefit first
 * @param state              what the advice was made on: statistics age and resets, write rates and their source, warnings
 */
public record AdvisorReport(List<AdvisedIndex> indexes, double workloadCostBefore, double workloadCostAfter, int droppedCandidates,
                            List<IndexIssue> unusedIndexes, int candidates, int queries, String whatIf, int plans, double adviseMs,
                            List<String> notes, List<RejectedCandidate> rejected, AdvisorState state) {

    public double costReductionPct() {
        return workloadCostBefore <= 0 ? 0 : 100 * (1 - workloadCostAfter / workloadCostBefore);
    }

    public long totalSizeBytes() {
        return indexes.stream().mapToLong(AdvisedIndex::sizeBytes).sum();
    }
}
