package io.dataflow.rewrite;

import java.util.List;

/**
 * The first row on which two results disagree.
 *
 * @param row          the row's values as text (NULL as null)
 * @param countBefore  how often the original returns it
 * @param countAfter   how often the rewrite returns it
 * @param position     0-based position, for ordered comparison (else null)
 * @param note         what differs, in words
 */
public record Difference(List<String> row, long countBefore, long countAfter, Integer position, String note) {
}
