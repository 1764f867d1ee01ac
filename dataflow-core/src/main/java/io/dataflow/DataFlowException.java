package io.dataflow;

/** Base of every error DataFlow raises on purpose. */
public class DataFlowException extends RuntimeException {

    public DataFlowException(String message) {
        super(message);
    }

    public DataFlowException(String message, Throwable cause) {
        super(message, cause);
    }
}
