package io.dataflow.dashboard.pages;

import io.dataflow.plan.AdvisedIndex;

/** Stable ids for things an action names (the action looks the thing up again; it never takes SQL from the form). */
final class Ids {

    private Ids() {
    }

    static String index(AdvisedIndex a) {
        return Integer.toHexString(a.sql().hashCode());
    }
}
