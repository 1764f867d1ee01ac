package io.dataflow.crud;

import io.dataflow.DataFlowException;

/**
 * A CRUD operation that failed (a constraint, a lost connection, a bad value), with the model and
 * the operation in the message and the SQLSTATE kept for callers that branch on it. SQLSTATEs with a
 * type of their own (a unique violation, a lock timeout, ...) are raised as that type instead: see
 * {@link io.dataflow.SqlErrors}.
 */
public class CrudException extends DataFlowException {

    public CrudException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
