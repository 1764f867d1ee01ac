package io.dataflow.cli;

import io.dataflow.workflow.NodeContext;
import java.io.PrintWriter;

/** Prints progress of long steps on the terminal, at most a few times a second. */
final class Progress {

    private Progress() {
    }

    static NodeContext.Progress printer(PrintWriter err) {
        long[] last = {0};
        return (nodeId, done, total) -> {
            long now = System.nanoTime();
            if (now - last[0] < 250_000_000L && done != total) return;
            last[0] = now;
            synchronized (err) {
                err.printf("\r  %s: %,d%s", nodeId, done, total > 0 ? String.format(" of %,d (%d%%)", total, done * 100 / total) : "");
                if (done == total) err.println();
                err.flush();
            }
        };
    }
}
