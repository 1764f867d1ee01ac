package io.dataflow.plan;

import java.util.EnumSet;
import java.util.Set;

/**
 * What the optimizer suggests and how it checks suggestions.
 *
 * @param kinds      which families of suggestions
 * @param whatIf     how hypothetical indexes are made
 * @param minGain    a suggestion must lower the planner cost by at least this fraction
 * @param maxIndexes at most this many new indexes for one statement
 * @param measure    execute the statement with the suggestion in place (rolled back) when the what-if mode allows
 */
public record SuggestOptions(Set<SuggestionKind> kinds, WhatIf.Mode whatIf, double minGain, int maxIndexes, boolean measure) {

    public SuggestOptions {
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
    }

    public static SuggestOptions all() {
        return new SuggestOptions(EnumSet.allOf(SuggestionKind.class), WhatIf.Mode.AUTO, 0.10, 3, true);
    }

    public static SuggestOptions of(SuggestionKind... kinds) {
        return all().kinds(Set.of(kinds));
    }

    public SuggestOptions kinds(Set<SuggestionKind> value) {
        return new SuggestOptions(value, whatIf, minGain, maxIndexes, measure);
    }

    public SuggestOptions whatIf(WhatIf.Mode value) {
        return new SuggestOptions(kinds, value, minGain, maxIndexes, measure);
    }

    public SuggestOptions measure(boolean value) {
        return new SuggestOptions(kinds, whatIf, minGain, maxIndexes, value);
    }
}
