package io.dataflow.rewrite;

import java.util.List;

/**
 * A query rewritten on its parse tree, not yet run.
 *
 * @param original        the SQL as given
 * @param rewritten       the rewritten SQL (equal to {@code original} when nothing applied)
 * @param transformations what was rewritten, in order
 * @param warnings        shapes left as they are, with the reason; notes such as "already optimal"
 */
public record Rewrite(String original, String rewritten, List<Transformation> transformations, List<String> warnings) {

    public Rewrite {
        transformations = List.copyOf(transformations);
        warnings = List.copyOf(warnings);
    }

    /** Whether any transformation applied. */
    public boolean changed() {
        return !transformations.isEmpty();
    }
}
