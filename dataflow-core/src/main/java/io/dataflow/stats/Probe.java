package io.dataflow.stats;

/**
 * One real row's values for a column pair: what the planner estimates for
 * {@code WHERE a = valueA AND b = valueB} and how many rows match.
 *
 * @param valueA    the first column's value, as text
 * @param valueB    the second column's value, as text
 * @param estimated the planner's row estimate
 * @param actual    the rows that match, or null when not counted (the estimates alone rule out the ratio)
 * @param ratio     the larger of estimated and actual over the smaller (at least 1 row each); for an
 *                  uncounted probe, the most the ratio could be
 */
record Probe(String valueA, String valueB, double estimated, Long actual, double ratio) {
}
