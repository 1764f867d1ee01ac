package io.dataflow.plan;

import java.util.Arrays;
import java.util.Locale;

/** The guide's {@code suggest} values. */
public enum SuggestionKind {
    MISSING_INDEXES, JOIN_ORDER, FILTER_PUSHDOWN, MATERIALIZED_VIEWS;

    @com.fasterxml.jackson.annotation.JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SuggestionKind parse(String key) {
        return Arrays.stream(values()).filter(k -> k.key().equals(key)).findFirst().orElseThrow(() -> new PlanException(
                "unknown suggestion '" + key + "'; accepted: missing_indexes, join_order, filter_pushdown, materialized_views"));
    }
}
