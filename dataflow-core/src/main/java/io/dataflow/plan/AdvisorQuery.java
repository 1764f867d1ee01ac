package io.dataflow.plan;

import java.util.Set;

/**
 * A workload statement ready for planning.
 *
 * @param source    the workload entry
 * @param statement how it is planned (generic for {@code $n} statements)
 * @param shape     its shape, or null when JSqlParser cannot read it (it still counts in costs)
 * @param tables    the tables its plans read: only candidates on these can change its cost
 * @param command   its leading keyword
 */
record AdvisorQuery(WorkloadQuery source, Explainable statement, QueryShape shape, Set<String> tables, String command) {

    double weight() {
        return source.weight();
    }

    boolean writes() {
        return command.equals("INSERT") || command.equals("UPDATE") || command.equals("DELETE") || command.equals("MERGE");
    }
}
