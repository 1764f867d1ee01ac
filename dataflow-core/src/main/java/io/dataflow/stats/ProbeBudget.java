package io.dataflow.stats;

import java.time.Instant;

/** What is left of the correlation check's time and pairs; shared by all tables of one analysis. */
final class ProbeBudget {

    private final Instant deadline;
    private int pairsLeft;
    private int pairsProbed;

    ProbeBudget(CorrelationLimits limits) {
        this.deadline = Instant.now().plus(limits.budget());
        this.pairsLeft = limits.maxPairs();
    }

    /** Takes one pair, or says no when time or pairs ran out. */
    boolean take() {
        if (pairsLeft <= 0 || Instant.now().isAfter(deadline)) return false;
        pairsLeft--;
        pairsProbed++;
        return true;
    }

    int pairsProbed() {
        return pairsProbed;
    }
}
