package io.dataflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.workflow.NodeContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

    /** What the demo reports: chunks, the last batch's own 100% and the loader's 100% again, table after table. */
    private static String run(boolean terminal) {
        StringWriter text = new StringWriter();
        NodeContext.Progress progress = Progress.printer(new PrintWriter(text), terminal);
        for (long done = 0; done <= 2000; done += 500) progress.report("users", done, 2000);
        progress.report("users", 2000, 2000);
        progress.report("products", 250, 500);
        progress.report("products", 500, 500);
        progress.report("products", 500, 500);
        return text.toString();
    }

    @Test
    void intoAFileEachStepIsOnePlainLineWhenItFinishes() {
        assertThat(run(false)).isEqualTo("  users: 2,000 of 2,000 (100%)\n  products: 500 of 500 (100%)\n".replace("\n", System.lineSeparator()));
    }

    @Test
    void onATerminalOneLiveLinePerStepEndedOnce() {
        String out = run(true);
        assertThat(out).doesNotContain("\u001b");
        // each step's line is redrawn in place (\r) and ended once, however often its end is reported
        String[] lines = out.split(System.lineSeparator());
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("\r  users: ").endsWith("\r  users: 2,000 of 2,000 (100%)");
        assertThat(lines[1]).startsWith("\r  products: ").endsWith("\r  products: 500 of 500 (100%)");
        assertThat(out.split("users: 2,000 of 2,000", -1)).hasSize(2);
        assertThat(out.split("products: 500 of 500", -1)).hasSize(2);
    }
}
