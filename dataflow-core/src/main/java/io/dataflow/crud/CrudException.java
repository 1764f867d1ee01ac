package io.dataflow.crud;

import io.dataflow.DataFlowException;

/**
 * A statement PostgreSQL refused (a constraint, a missing table, a lost connection), with the model
 * and the operation in the message and the SQLSTATE kept for callers that branch on it.
 */
public class CrudException extends DataFlowException {

    private final String sqlState;

    public CrudException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** The five-character SQLSTATE, e.g. {@code 23505} for a unique violation, or null. */
    public String sqlState() {
        return sqlState;
    }
}
