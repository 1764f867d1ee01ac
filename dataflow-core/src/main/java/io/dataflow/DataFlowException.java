package io.dataflow;

/**
 * Base of every error DataFlow raises on purpose. An error PostgreSQL raised keeps its SQLSTATE
 * ({@link #sqlState()}); the ones applications branch on have their own subclasses:
 * {@link UniqueViolationException}, {@link LockTimeoutException}, {@link SerializationFailureException},
 * {@link UndefinedTableException} (see {@link SqlErrors}).
 */
public class DataFlowException extends RuntimeException {

    private final String sqlState;

    public DataFlowException(String message) {
        this(message, null, null);
    }

    public DataFlowException(String message, Throwable cause) {
        this(message, cause instanceof java.sql.SQLException s ? s.getSQLState() : null, cause);
    }

    public DataFlowException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** The five-character SQLSTATE when PostgreSQL raised the error ({@code 23505}, {@code 40001}, ...), else null. */
    public String sqlState() {
        return sqlState;
    }
}
