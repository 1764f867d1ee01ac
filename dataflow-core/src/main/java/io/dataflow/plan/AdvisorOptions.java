package io.dataflow.plan;

/**
 * How the advisor chooses.
 *
 * @param budgetBytes     total size the new indexes may take
 * @param maxIndexes      at most this many new indexes
 * @param whatIf          how hypothetical indexes are made
 * @param minBenefitShare an index must lower the workload cost by at least this share of the original cost
 * @param timeoutMs       statement timeout of each planning step
 */
public record AdvisorOptions(long budgetBytes, int maxIndexes, WhatIf.Mode whatIf, double minBenefitShare, long timeoutMs) {

    public static AdvisorOptions defaults() {
        return new AdvisorOptions(512L * 1024 * 1024, 10, WhatIf.Mode.AUTO, 0.005, 30_000);
    }

    public AdvisorOptions budgetMb(long mb) {
        return new AdvisorOptions(mb * 1024 * 1024, maxIndexes, whatIf, minBenefitShare, timeoutMs);
    }

    public AdvisorOptions budgetBytes(long bytes) {
        return new AdvisorOptions(bytes, maxIndexes, whatIf, minBenefitShare, timeoutMs);
    }

    public AdvisorOptions maxIndexes(int value) {
        return new AdvisorOptions(budgetBytes, value, whatIf, minBenefitShare, timeoutMs);
    }

    public AdvisorOptions whatIf(WhatIf.Mode value) {
        return new AdvisorOptions(budgetBytes, maxIndexes, value, minBenefitShare, timeoutMs);
    }
}
