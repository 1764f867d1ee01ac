package io.dataflow.lock;

import java.util.List;

/**
 * Who waits for whom: the same graph as data (nodes, edges), as a tree with the root blockers
 * first, as indented text and as Graphviz DOT. Sessions that wait for each other in a circle are a
 * deadlock in the making (PostgreSQL breaks it after deadlock_timeout); they are marked in_cycle and
 * listed in cycles.
 *
 * @param nodes  every session involved
 * @param edges  waiter → blocker
 * @param roots  trees from each root blocker (a session that blocks others and waits for nobody), most sessions blocked first
 * @param cycles each cycle as pids, first pid repeated at the end, e.g. {@code [101, 102, 101]}
 * @param text   the trees as indented lines
 * @param dot    Graphviz DOT, edges from blocker to waiter, cycles in red
 */
public record WaitGraph(List<Node> nodes, List<Edge> edges, List<Tree> roots, List<List<Integer>> cycles, String text, String dot) {

    public WaitGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
        roots = List.copyOf(roots);
        cycles = cycles.stream().map(List::copyOf).toList();
    }

    /** Builds the graph of these waits (every current wait, not only those over the threshold). */
    public static WaitGraph of(List<LockWait> waits) {
        return new WaitGraphBuilder(waits).build();
    }

    /**
     * @param blocks how many sessions wait for this one, directly or down a chain
     */
    public record Node(int pid, String state, String query, boolean waiting, boolean inCycle, int blocks) {
    }

    public record Edge(int waiter, int blocker, String mode, String object, boolean inCycle) {
    }

    /**
     * One session in a tree; its wait (mode, object, waiting_ms) is for its parent. {@code repeated}
     * means the session appears earlier in the trees (it waits for several blockers, or closes a
     * cycle) and its own waiters are listed there.
     */
    public record Tree(int pid, String state, String query, Long waitingMs, String mode, String object, boolean inCycle, boolean repeated,
                       List<Tree> waiters) {
        public Tree {
            waiters = List.copyOf(waiters);
        }
    }
}
