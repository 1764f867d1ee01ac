package io.dataflow.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WaitGraphTest {

    private static LockWait wait(int pid, long ms, int... blockers) {
        List<Blocker> bs = java.util.Arrays.stream(blockers)
                .mapToObj(b -> new Blocker(b, "u", "app", b == 1 ? "idle in transaction" : "active", "Q" + b, 5.0, b != 1, List.of("ExclusiveLock")))
                .toList();
        return new LockWait(pid, "u", "app", "active", "UPDATE t SET v = " + pid, ms, "ShareLock",
                new LockedObject("row", "row (0,1) of t", "t", "(0,1)", "700", null), bs, null);
    }

    @Test
    void aChainListsTheRootBlockerFirst() {
        WaitGraph g = WaitGraph.of(List.of(wait(3, 100, 2), wait(2, 900, 1)));
        assertThat(g.roots()).hasSize(1);
        WaitGraph.Tree root = g.roots().get(0);
        assertThat(root.pid()).isEqualTo(1);
        assertThat(root.waitingMs()).isNull();
        assertThat(root.waiters()).extracting(WaitGraph.Tree::pid).containsExactly(2);
        assertThat(root.waiters().get(0).waiters()).extracting(WaitGraph.Tree::pid).containsExactly(3);
        assertThat(g.cycles()).isEmpty();
        assertThat(g.nodes()).extracting(WaitGraph.Node::pid).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(g.nodes().stream().filter(n -> n.pid() == 1).findFirst().orElseThrow().blocks()).isEqualTo(2);
        assertThat(g.text().lines().findFirst().orElseThrow()).startsWith("pid 1 (idle in transaction)");
        assertThat(g.text()).contains("└── pid 2 waits 900 ms for ShareLock on row (0,1) of t").contains("    └── pid 3 waits 100 ms");
        assertThat(g.dot()).startsWith("digraph lock_waits {").contains("\"1\" -> \"2\"").contains("\"2\" -> \"3\"")
                .contains("\"1\" [label=\"pid 1\\nidle in transaction\\nQ1\", style=filled");
    }

    @Test
    void rootsWithMoreBlockedSessionsComeFirstAndWaitersAreListedOnce() {
        // 10 blocks 11 and 12; 20 blocks 21; 12 also waits for 20.
        WaitGraph g = WaitGraph.of(List.of(wait(11, 50, 10), wait(12, 70, 10, 20), wait(21, 10, 20)));
        assertThat(g.roots()).extracting(WaitGraph.Tree::pid).containsExactly(10, 20);
        assertThat(g.roots().get(0).waiters()).extracting(WaitGraph.Tree::pid).containsExactly(12, 11); // longest wait first
        WaitGraph.Tree again = g.roots().get(1).waiters().stream().filter(t -> t.pid() == 12).findFirst().orElseThrow();
        assertThat(again.repeated()).isTrue();
        assertThat(g.edges()).hasSize(4);
    }

    @Test
    void cyclesAreMarkedAndStillShown() {
        WaitGraph g = WaitGraph.of(List.of(wait(5, 10, 6), wait(6, 20, 5), wait(7, 30, 6)));
        assertThat(g.cycles()).containsExactly(List.of(5, 6, 5));
        assertThat(g.nodes()).filteredOn(WaitGraph.Node::inCycle).extracting(WaitGraph.Node::pid).containsExactlyInAnyOrder(5, 6);
        assertThat(g.edges()).filteredOn(WaitGraph.Edge::inCycle).hasSize(2);
        assertThat(g.roots()).extracting(WaitGraph.Tree::pid).containsExactly(5);
        assertThat(g.roots().get(0).inCycle()).isTrue();
        assertThat(g.text()).contains("cycle: 5 -> 6 -> 5").contains("(shown above)");
        assertThat(g.dot()).contains("\"6\" -> \"5\" [label=\"ShareLock on row (0,1) of t\", color=red");
    }

    @Test
    void aThreeWayCycleIsFoundInOrder() {
        WaitGraph g = WaitGraph.of(List.of(wait(1, 1, 2), wait(2, 1, 3), wait(3, 1, 1)));
        assertThat(g.cycles()).containsExactly(List.of(1, 2, 3, 1));
    }

    @Test
    void noWaitsNoGraph() {
        WaitGraph g = WaitGraph.of(List.of());
        assertThat(g.roots()).isEmpty();
        assertThat(g.text()).isEmpty();
        assertThat(g.dot()).isEqualTo("digraph lock_waits {\n  rankdir=TB;\n  node [shape=box, fontname=\"Helvetica\"];\n}\n");
    }

    @Test
    void dotEscapesQuotesInQueries() {
        LockWait w = new LockWait(2, "u", "a", "active", "SELECT \"x\" FROM t WHERE s = 'a\\b'", 5, "AccessShareLock",
                new LockedObject("table", "table t", "t", null, null, null), List.of(new Blocker(1, "u", "a", "active", "ALTER TABLE t ADD c int", 1.0,
                false, List.of("AccessExclusiveLock"))), null);
        assertThat(WaitGraph.of(List.of(w)).dot()).contains("SELECT \\\"x\\\" FROM t WHERE s = 'a\\\\b'");
    }
}
