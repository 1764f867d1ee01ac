package io.dataflow.cli;

import io.dataflow.workflow.NodeContext;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;

/**
 * Progress of long steps. On a terminal, one live line per step, redrawn at most a few times a second; into a file
 * or a pipe, one plain line per step when it finishes (no carriage returns, no escape codes to litter a log).
 * A step reported finished twice is printed once.
 */
final class Progress {

    private Progress() {
    }

    static NodeContext.Progress printer(PrintWriter err) {
        return printer(err, Terminal.stderr());
    }

    static NodeContext.Progress printer(PrintWriter err, boolean terminal) {
        long[] last = {0};
        Set<String> finished = new HashSet<>();
        return (nodeId, done, total) -> {
            synchronized (err) {
                boolean end = done == total;
                if (end ? !finished.add(nodeId) : !terminal) return;
                long now = System.nanoTime();
                if (!end && now - last[0] < 250_000_000L) return;
                last[0] = now;
                if (terminal) err.print('\r');
                err.printf("  %s: %,d%s", nodeId, done, total > 0 ? String.format(" of %,d (%d%%)", total, done * 100 / total) : "");
                if (end) err.println();
                err.flush();
            }
        };
    }
}
