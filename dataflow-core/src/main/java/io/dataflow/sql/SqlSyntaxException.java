package io.dataflow.sql;

/** A lexical problem at a known offset of a SQL text. */
public class SqlSyntaxException extends io.dataflow.DataFlowException {

    private final int offset;

    public SqlSyntaxException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
