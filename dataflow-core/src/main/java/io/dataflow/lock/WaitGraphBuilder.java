package io.dataflow.lock;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns waits into a {@link WaitGraph}: strongly connected components for cycles, reverse edges for the trees. */
final class WaitGraphBuilder {

    private final Map<Integer, LockWait> waits = new LinkedHashMap<>();
    private final Map<Integer, Blocker> blockers = new HashMap<>();
    private final Map<Integer, List<Integer>> waitsFor = new LinkedHashMap<>();
    private final Map<Integer, List<Integer>> waitedOnBy = new LinkedHashMap<>();
    private final Set<Integer> pids = new LinkedHashSet<>();
    private final Map<Integer, Integer> component = new HashMap<>();
    private final Set<Integer> cyclic = new HashSet<>();

    WaitGraphBuilder(List<LockWait> list) {
        for (LockWait w : list) {
            waits.put(w.pid(), w);
            pids.add(w.pid());
            for (Blocker b : w.blockers()) {
                blockers.putIfAbsent(b.pid(), b);
                pids.add(b.pid());
                waitsFor.computeIfAbsent(w.pid(), k -> new ArrayList<>()).add(b.pid());
                waitedOnBy.computeIfAbsent(b.pid(), k -> new ArrayList<>()).add(w.pid());
            }
        }
        waitedOnBy.values().forEach(l -> l.sort(byWait()));
    }

    WaitGraph build() {
        List<List<Integer>> cycles = new ArrayList<>();
        for (Set<Integer> scc : new Tarjan().run()) {
            if (scc.size() > 1) {
                cyclic.addAll(scc);
                cycles.add(cycleThrough(scc));
            }
        }
        List<WaitGraph.Node> nodes = new ArrayList<>();
        for (int pid : pids) nodes.add(new WaitGraph.Node(pid, state(pid), query(pid), waits.containsKey(pid), inCycle(pid), reach(pid).size()));
        List<WaitGraph.Edge> edges = new ArrayList<>();
        waitsFor.forEach((w, bs) -> bs.forEach(b -> edges.add(new WaitGraph.Edge(w, b, waits.get(w).mode(),
                waits.get(w).object().description(), sameCycle(w, b)))));
        List<WaitGraph.Tree> roots = roots();
        return new WaitGraph(nodes, edges, roots, cycles, WaitGraphRenderer.text(roots, cycles), WaitGraphRenderer.dot(nodes, edges));
    }

    /** Sessions that block and wait for nobody, most blocked first; then one member of each cycle nobody else reaches. */
    private List<WaitGraph.Tree> roots() {
        List<Integer> starts = new ArrayList<>(pids.stream().filter(p -> !waitsFor.containsKey(p) && waitedOnBy.containsKey(p)).toList());
        starts.sort(Comparator.<Integer>comparingInt(p -> -reach(p).size()).thenComparingInt(p -> p));
        Set<Integer> shown = new HashSet<>();
        List<WaitGraph.Tree> out = new ArrayList<>();
        for (int p : starts) out.add(tree(p, shown));
        for (int p : pids.stream().sorted().toList()) {
            if (!shown.contains(p) && inCycle(p)) out.add(tree(p, shown));
        }
        return out;
    }

    /** Each session's waiters are listed once; a second appearance (several blockers, or a cycle closing) is a leaf marked repeated. */
    private WaitGraph.Tree tree(int pid, Set<Integer> shown) {
        LockWait w = waits.get(pid);
        Long waited = w == null ? null : w.waitingMs();
        String mode = w == null ? null : w.mode();
        String object = w == null ? null : w.object().description();
        if (!shown.add(pid)) {
            return new WaitGraph.Tree(pid, state(pid), query(pid), waited, mode, object, inCycle(pid), true, List.of());
        }
        List<WaitGraph.Tree> children = new ArrayList<>();
        for (int waiter : waitedOnBy.getOrDefault(pid, List.of())) children.add(tree(waiter, shown));
        return new WaitGraph.Tree(pid, state(pid), query(pid), waited, mode, object, inCycle(pid), false, children);
    }

    /** Every session that waits for this one, directly or down a chain. */
    private Set<Integer> reach(int pid) {
        Set<Integer> seen = new HashSet<>();
        Deque<Integer> todo = new ArrayDeque<>(waitedOnBy.getOrDefault(pid, List.of()));
        while (!todo.isEmpty()) {
            int p = todo.poll();
            if (p != pid && seen.add(p)) todo.addAll(waitedOnBy.getOrDefault(p, List.of()));
        }
        return seen;
    }

    /** A concrete cycle inside a strongly connected component: shortest path from its lowest pid back to itself. */
    private List<Integer> cycleThrough(Set<Integer> scc) {
        int start = scc.stream().min(Integer::compare).orElseThrow();
        Map<Integer, Integer> parent = new HashMap<>();
        Deque<Integer> todo = new ArrayDeque<>();
        todo.add(start);
        while (!todo.isEmpty()) {
            int p = todo.poll();
            for (int next : waitsFor.getOrDefault(p, List.of())) {
                if (!scc.contains(next)) continue;
                if (next == start) {
                    List<Integer> cycle = new ArrayList<>();
                    for (Integer q = p; q != null; q = parent.get(q)) cycle.add(0, q);
                    cycle.add(start);
                    return cycle;
                }
                if (!parent.containsKey(next) && next != start) {
                    parent.put(next, p);
                    todo.add(next);
                }
            }
        }
        throw new IllegalStateException("no cycle in a strongly connected component " + scc);
    }

    private boolean inCycle(int pid) {
        return cyclic.contains(pid);
    }

    private boolean sameCycle(int a, int b) {
        return inCycle(a) && component.get(a).equals(component.get(b));
    }

    private String state(int pid) {
        return waits.containsKey(pid) ? waits.get(pid).state() : blockers.containsKey(pid) ? blockers.get(pid).state() : null;
    }

    private String query(int pid) {
        return waits.containsKey(pid) ? waits.get(pid).query() : blockers.containsKey(pid) ? blockers.get(pid).query() : null;
    }

    private Comparator<Integer> byWait() {
        return Comparator.<Integer>comparingLong(p -> waits.containsKey(p) ? -waits.get(p).waitingMs() : 0).thenComparingInt(p -> p);
    }

    /** Tarjan's strongly connected components over waiter → blocker edges; fills {@link #component}. */
    private final class Tarjan {
        private final Map<Integer, Integer> index = new HashMap<>();
        private final Map<Integer, Integer> low = new HashMap<>();
        private final Deque<Integer> stack = new ArrayDeque<>();
        private final Set<Integer> onStack = new HashSet<>();
        private final List<Set<Integer>> out = new ArrayList<>();

        List<Set<Integer>> run() {
            for (int p : pids) if (!index.containsKey(p)) visit(p);
            return out;
        }

        private void visit(int p) {
            index.put(p, index.size());
            low.put(p, index.get(p));
            stack.push(p);
            onStack.add(p);
            for (int q : waitsFor.getOrDefault(p, List.of())) {
                if (!index.containsKey(q)) {
                    visit(q);
                    low.put(p, Math.min(low.get(p), low.get(q)));
                } else if (onStack.contains(q)) {
                    low.put(p, Math.min(low.get(p), index.get(q)));
                }
            }
            if (low.get(p).equals(index.get(p))) {
                Set<Integer> scc = new LinkedHashSet<>();
                int q;
                do {
                    q = stack.pop();
                    onStack.remove(q);
                    scc.add(q);
                    component.put(q, out.size());
                } while (q != p);
                out.add(scc);
            }
        }
    }
}
