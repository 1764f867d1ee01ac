package io.dataflow;

/** SQLSTATE 42P01 undefined_table: the statement names a table or view that does not exist (or is not on the search_path). */
public class UndefinedTableException extends DataFlowException {

    public UndefinedTableException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
