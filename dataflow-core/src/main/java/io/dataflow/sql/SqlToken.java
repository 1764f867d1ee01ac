package io.dataflow.sql;

/** One lexical token of a SQL text with its 0-based offset. */
public record SqlToken(Kind kind, String text, int offset) {

    public enum Kind { IDENTIFIER, QUOTED_IDENTIFIER, STRING, NUMBER, PARAMETER, OPERATOR, SEMICOLON, COMMENT }

    /** The identifier's name as PostgreSQL sees it (unquoted names fold to lower case). */
    public String name() {
        return switch (kind) {
            case IDENTIFIER -> text.toLowerCase(java.util.Locale.ROOT);
            case QUOTED_IDENTIFIER -> text.substring(1, text.length() - 1).replace("\"\"", "\"");
            default -> text;
        };
    }
}
