package io.dataflow.plan;

/**
 * One statement of a workload.
 *
 * @param sql    the statement (literal values, or {@code $1..$n} from pg_stat_statements)
 * @param weight how much it counts: calls (pg_stat_statements), a {@code -- weight: N} comment, or 1
 * @param source where it came from, for reports: {@code file:3}, {@code pg_stat_statements:123456}
 */
public record WorkloadQuery(String sql, double weight, String source) {

    public WorkloadQuery {
        if (!(weight > 0)) throw new PlanException("the weight of " + source + " must be positive, got " + weight);
    }
}
