package io.dataflow.pool;

import java.time.Instant;

/**
 * DataFlow's tracking of one normalized statement.
 *
 * @param sql             the statement as the server sees it ($n parameters)
 * @param executions      executions through the pool
 * @param hits            executions that reused a server-side prepared statement (no parse, no new plan)
 * @param serverPrepared  whether it is server-prepared on at least one connection now
 * @param lastUsed        the last execution
 * @param planningMs      measured planning time of one execution, or null until measured
 * @param deallocations   times DataFlow deallocated it for being unused
 */
public record StatementUsage(String sql, long executions, long hits, boolean serverPrepared, Instant lastUsed,
                             Double planningMs, long deallocations) {

    /** Planning time saved: one plan per hit, when the planning time is known. */
    public Double planningMsSaved() {
        return planningMs == null ? null : planningMs * hits;
    }
}
