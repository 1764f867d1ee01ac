package io.dataflow.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A small PostgreSQL lexer. It does not parse: it finds comments, statement separators, string and
 * identifier boundaries and their offsets, so that fragments can be refused with a precise position
 * before the parser sees them.
 */
public final class SqlLexer {

    private SqlLexer() {
    }

    public static List<SqlToken> tokenize(String sql) {
        List<SqlToken> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.add(new SqlToken(SqlToken.Kind.COMMENT, sql.substring(i, end), i));
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = blockCommentEnd(sql, i);
                out.add(new SqlToken(SqlToken.Kind.COMMENT, sql.substring(i, end), i));
                i = end;
            } else if (c == '\'' || ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'')) {
                int start = i;
                boolean escapes = c != '\'';
                if (escapes) i++;
                i = quotedEnd(sql, i, '\'', escapes, "string literal");
                out.add(new SqlToken(SqlToken.Kind.STRING, sql.substring(start, i), start));
            } else if (c == '"') {
                int start = i;
                i = quotedEnd(sql, i, '"', false, "quoted identifier");
                out.add(new SqlToken(SqlToken.Kind.QUOTED_IDENTIFIER, sql.substring(start, i), start));
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                if (close < 0) throw new SqlSyntaxException("unterminated dollar-quoted string", i);
                out.add(new SqlToken(SqlToken.Kind.STRING, sql.substring(i, close + tag.length()), i));
                i = close + tag.length();
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) i++;
                out.add(new SqlToken(SqlToken.Kind.IDENTIFIER, sql.substring(start, i), start));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) i++;
                out.add(new SqlToken(SqlToken.Kind.NUMBER, sql.substring(start, i), start));
            } else if (c == ':' && i + 1 < n && (Character.isLetter(sql.charAt(i + 1)) || sql.charAt(i + 1) == '_')
                    && (i == 0 || sql.charAt(i - 1) != ':')) {
                int start = i++;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) i++;
                out.add(new SqlToken(SqlToken.Kind.PARAMETER, sql.substring(start, i), start));
            } else if (c == ';') {
                out.add(new SqlToken(SqlToken.Kind.SEMICOLON, ";", i));
                i++;
            } else {
                out.add(new SqlToken(SqlToken.Kind.OPERATOR, String.valueOf(c), i));
                i++;
            }
        }
        return out;
    }

    private static int blockCommentEnd(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length() - 1) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) return i;
            } else {
                i++;
            }
        }
        throw new SqlSyntaxException("unterminated /* comment", start);
    }

    private static int quotedEnd(String sql, int start, char quote, boolean backslashEscapes, String what) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw new SqlSyntaxException("unterminated " + what + " (unbalanced " + quote + ")", start);
    }

    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) j++;
        if (j < sql.length() && sql.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
            return sql.substring(i, j + 1);
        }
        return null;
    }
}
