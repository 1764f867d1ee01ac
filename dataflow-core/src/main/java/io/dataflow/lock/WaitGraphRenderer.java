package io.dataflow.lock;

import java.util.List;
import java.util.Locale;

/** A wait graph as indented text (for people and logs) and as Graphviz DOT (for pictures). */
final class WaitGraphRenderer {

    private static final int QUERY_CHARS = 120;

    private WaitGraphRenderer() {
    }

    static String text(List<WaitGraph.Tree> roots, List<List<Integer>> cycles) {
        StringBuilder sb = new StringBuilder();
        for (WaitGraph.Tree root : roots) {
            sb.append("pid ").append(root.pid());
            if (root.state() != null) sb.append(" (").append(root.state()).append(')');
            if (root.inCycle()) sb.append(" [in a cycle]");
            if (root.query() != null) sb.append(": ").append(shorten(root.query()));
            sb.append('\n');
            children(sb, root.waiters(), "");
        }
        for (List<Integer> cycle : cycles) {
            sb.append("cycle: ").append(String.join(" -> ", cycle.stream().map(String::valueOf).toList())).append('\n');
        }
        return sb.toString();
    }

    private static void children(StringBuilder sb, List<WaitGraph.Tree> trees, String indent) {
        for (int i = 0; i < trees.size(); i++) {
            WaitGraph.Tree t = trees.get(i);
            boolean last = i == trees.size() - 1;
            sb.append(indent).append(last ? "└── " : "├── ").append("pid ").append(t.pid()).append(" waits ")
                    .append(seconds(t.waitingMs())).append(" for ").append(t.mode()).append(" on ").append(t.object());
            if (t.inCycle()) sb.append(" [in a cycle]");
            if (t.repeated()) sb.append(" (shown above)");
            if (t.query() != null && !t.repeated()) sb.append(": ").append(shorten(t.query()));
            sb.append('\n');
            children(sb, t.waiters(), indent + (last ? "    " : "│   "));
        }
    }

    static String dot(List<WaitGraph.Node> nodes, List<WaitGraph.Edge> edges) {
        StringBuilder sb = new StringBuilder("digraph lock_waits {\n  rankdir=TB;\n  node [shape=box, fontname=\"Helvetica\"];\n");
        for (WaitGraph.Node n : nodes) {
            StringBuilder label = new StringBuilder("pid ").append(n.pid());
            if (n.state() != null) label.append('\n').append(n.state());
            if (n.query() != null) label.append('\n').append(shorten(n.query()));
            sb.append("  \"").append(n.pid()).append("\" [label=\"").append(escape(label.toString())).append('"');
            if (n.inCycle()) sb.append(", color=red, fontcolor=red");
            else if (!n.waiting()) sb.append(", style=filled, fillcolor=\"#ffe0e0\"");
            sb.append("];\n");
        }
        for (WaitGraph.Edge e : edges) {
            sb.append("  \"").append(e.blocker()).append("\" -> \"").append(e.waiter()).append("\" [label=\"")
                    .append(escape(e.mode() + " on " + e.object())).append('"');
            if (e.inCycle()) sb.append(", color=red, fontcolor=red");
            sb.append("];\n");
        }
        return sb.append("}\n").toString();
    }

    private static String seconds(Long ms) {
        return ms == null ? "?" : ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    static String shorten(String query) {
        String flat = query.strip().replaceAll("\\s+", " ");
        return flat.length() <= QUERY_CHARS ? flat : flat.substring(0, QUERY_CHARS - 1) + "…";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
