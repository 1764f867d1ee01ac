package io.dataflow;

/** SQLSTATE 40001 serialization_failure: a SERIALIZABLE or REPEATABLE READ transaction conflicted with a concurrent one and was rolled back; run it again. */
public class SerializationFailureException extends DataFlowException {

    public SerializationFailureException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
