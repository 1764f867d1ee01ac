package io.dataflow.dashboard;

import io.dataflow.plan.AdvisedIndex;

/** The id an advised index is named by in the create action: the action looks it up again in the advisor's report, never takes SQL. */
public final class AdvisedIndexes {

    private AdvisedIndexes() {
    }

    public static String id(AdvisedIndex index) {
        return Integer.toHexString(index.sql().hashCode());
    }
}
