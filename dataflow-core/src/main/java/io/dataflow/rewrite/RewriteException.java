package io.dataflow.rewrite;

import io.dataflow.DataFlowException;

/** SQL that cannot be rewritten or verified: unparsable (with its position), not a query, or refused by the verifier. */
public class RewriteException extends DataFlowException {

    private final Integer position;

    public RewriteException(String message, Integer position, Throwable cause) {
        super(message, cause);
        this.position = position;
    }

    public RewriteException(String message) {
        this(message, null, null);
    }

    /** 1-based character position in the SQL as given, or null. */
    public Integer position() {
        return position;
    }
}
