package io.dataflow.plan;

/** An analysis, or a what-if step, that ran past its statement timeout and was stopped by the server. */
public class PlanTimeoutException extends PlanException {

    private final long timeoutMs;

    public PlanTimeoutException(String what, long timeoutMs, Throwable cause) {
        super(what + " was stopped after its timeout of " + timeoutMs + " ms (statement_timeout); raise timeout_ms"
                + " or analyze without executing (analyze: false)", null, cause);
        this.timeoutMs = timeoutMs;
    }

    public long timeoutMs() {
        return timeoutMs;
    }
}
