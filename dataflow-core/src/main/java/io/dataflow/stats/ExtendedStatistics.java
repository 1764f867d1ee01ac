package io.dataflow.stats;

import java.util.List;

/**
 * A CREATE STATISTICS object on a table.
 *
 * @param name    its name
 * @param columns the columns it covers
 * @param kinds   dependencies, ndistinct, mcv (expressions are not listed)
 */
record ExtendedStatistics(String name, List<String> columns, List<String> kinds) {

    boolean covers(String a, String b) {
        return columns.contains(a) && columns.contains(b);
    }

    @Override
    public String toString() {
        return name + " (" + String.join(", ", kinds) + ") on " + String.join(", ", columns);
    }
}
