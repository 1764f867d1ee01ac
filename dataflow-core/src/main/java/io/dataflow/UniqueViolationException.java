package io.dataflow;

/** SQLSTATE 23505 unique_violation: a row with the same key exists already (the constraint is in the message). */
public class UniqueViolationException extends DataFlowException {

    public UniqueViolationException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
