package io.dataflow.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One node of an execution plan. Estimates are always set; actual values are null when the plan
 * was not executed (and {@code loops} is 0 when the node never ran). Rows and times are per loop,
 * as PostgreSQL reports them; {@code selfMs} is the node's own time across all its loops.
 *
 * @param id                    1-based position in the tree (pre-order), for findings to point at
 * @param nodeType              e.g. Seq Scan, Index Scan, Hash Join, Sort
 * @param parentRelationship    Outer, Inner, InitPlan, SubPlan...
 * @param subplanName           e.g. "CTE recent" or "InitPlan 1"
 * @param relation              the table scanned
 * @param schema                its schema (with verbose)
 * @param alias                 its alias in the query
 * @param index                 the index used
 * @param joinType              Inner, Left, Semi, Anti...
 * @param strategy              for aggregates: Plain, Sorted, Hashed
 * @param parallelAware         whether the node is split between workers
 * @param startupCost           planner cost before the first row
 * @param totalCost             planner cost for all rows
 * @param planRows              estimated rows per loop
 * @param planWidth             estimated row width in bytes
 * @param actualStartupMs       time to the first row, per loop
 * @param actualTotalMs         time to the last row, per loop
 * @param actualRows            rows per loop
 * @param loops                 how many times the node ran
 * @param selfMs                time in this node alone, all loops (children subtracted)
 * @param buffers               buffer usage including children, or null without BUFFERS
 * @param filter                the filter applied to rows
 * @param rowsRemovedByFilter   rows the filter discarded, per loop
 * @param rowsRemovedByJoinFilter rows the join filter discarded, per loop
 * @param indexCond             index condition
 * @param recheckCond           recheck condition of a bitmap heap scan
 * @param hashCond              hash join condition
 * @param mergeCond             merge join condition
 * @param joinFilter            join filter
 * @param sortKey               sort keys
 * @param sortMethod            quicksort, top-N heapsort, external merge...
 * @param sortSpaceKb           memory or disk used by the sort, kB
 * @param sortSpaceType         Memory or Disk
 * @param hashBatches           hash batches (more than 1 means the hash spilled)
 * @param workersPlanned        parallel workers planned (Gather)
 * @param workersLaunched       parallel workers launched (Gather)
 * @param output                output columns (with verbose)
 * @param children              child nodes
 */
public record PlanNode(int id, String nodeType, String parentRelationship, String subplanName, String relation, String schema,
                       String alias, String index, String joinType, String strategy, boolean parallelAware,
                       double startupCost, double totalCost, double planRows, int planWidth,
                       Double actualStartupMs, Double actualTotalMs, Double actualRows, Long loops, Double selfMs,
                       Buffers buffers, String filter, Long rowsRemovedByFilter, Long rowsRemovedByJoinFilter,
                       String indexCond, String recheckCond, String hashCond, String mergeCond, String joinFilter,
                       List<String> sortKey, String sortMethod, Long sortSpaceKb, String sortSpaceType, Long hashBatches,
                       Integer workersPlanned, Integer workersLaunched, List<String> output, List<PlanNode> children) {

    public PlanNode {
        sortKey = sortKey == null ? List.of() : List.copyOf(sortKey);
        output = output == null ? List.of() : List.copyOf(output);
        children = children == null ? List.of() : List.copyOf(children);
    }

    /** Whether the plan was executed (EXPLAIN ANALYZE). */
    public boolean executed() {
        return loops != null;
    }

    /** Total rows produced across loops (actual when executed, else estimated). */
    public double totalRows() {
        return executed() ? actualRows * loops : planRows;
    }

    /** e.g. {@code Seq Scan on orders o}, {@code Index Scan using idx on users u}. */
    public String label() {
        StringBuilder sb = new StringBuilder(nodeType);
        if (joinType != null && !nodeType.contains(joinType) && nodeType.endsWith("Join")) sb.insert(0, joinType + " ");
        if (index != null) sb.append(" using ").append(index);
        if (relation != null) {
            sb.append(" on ").append(relation);
            if (alias != null && !alias.equals(relation)) sb.append(' ').append(alias);
        }
        if (subplanName != null) sb.append(" (").append(subplanName).append(')');
        return sb.toString();
    }

    /** This node and its descendants, pre-order. */
    public List<PlanNode> flatten() {
        List<PlanNode> out = new ArrayList<>();
        walk(out::add);
        return out;
    }

    public void walk(Consumer<PlanNode> visitor) {
        visitor.accept(this);
        children.forEach(c -> c.walk(visitor));
    }
}
