package io.dataflow;

/** SQLSTATE 55P03 lock_not_available: a lock was not granted within lock_timeout, or NOWAIT found it taken. Nothing was changed; retrying later may succeed. */
public class LockTimeoutException extends DataFlowException {

    public LockTimeoutException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
