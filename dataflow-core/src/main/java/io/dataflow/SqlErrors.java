package io.dataflow;

import java.sql.SQLException;

/**
 * The one place a {@link SQLException} becomes a {@link DataFlowException}: the message says what
 * failed and carries PostgreSQL's text and SQLSTATE, and the SQLSTATEs applications handle get their
 * own subclass, so callers catch {@link UniqueViolationException} instead of parsing messages.
 */
public final class SqlErrors {

    public static final String UNIQUE_VIOLATION = "23505";
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String UNDEFINED_TABLE = "42P01";

    private SqlErrors() {
    }

    /** {@code what} failed (e.g. "query"): a typed exception for the SQLSTATEs above, else a plain DataFlowException. */
    public static DataFlowException translate(String what, SQLException e) {
        return translate(what, e, "", DataFlowException::new);
    }

    /**
     * As {@link #translate(String, SQLException)}, with {@code after} appended to the message (e.g.
     * "; nothing was changed"); {@code other} builds the exception for the remaining SQLSTATEs.
     */
    public static DataFlowException translate(String what, SQLException e, String after, Other other) {
        String state = e.getSQLState();
        String message = what + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + (state == null ? "" : " (SQLSTATE " + state + ")") + after;
        if (state == null) return other.create(message, null, e);
        return switch (state) {
            case UNIQUE_VIOLATION -> new UniqueViolationException(message, state, e);
            case LOCK_NOT_AVAILABLE -> new LockTimeoutException(message, state, e);
            case SERIALIZATION_FAILURE -> new SerializationFailureException(message, state, e);
            case UNDEFINED_TABLE -> new UndefinedTableException(message, state, e);
            default -> other.create(message, state, e);
        };
    }

    /** Builds the exception for a SQLSTATE without a subclass of its own. */
    @FunctionalInterface
    public interface Other {
        DataFlowException create(String message, String sqlState, Throwable cause);
    }
}
