package io.dataflow.crud;

import java.io.IOException;
import java.io.Writer;

/**
 * Rows in the CSV form of {@code COPY ... (FORMAT csv)}: NULL is an unquoted empty field; any other
 * value is quoted when it is empty or holds a comma, quote, CR, LF or backslash (so the empty string
 * stays distinct from NULL and a lone {@code \.} cannot end the data), with quotes doubled.
 */
final class CsvEncoding {

    private CsvEncoding() {
    }

    /** Writes one row of bound values and its newline. */
    static void writeRow(Writer out, Object[] boundValues) throws IOException {
        for (int i = 0; i < boundValues.length; i++) {
            if (i > 0) out.write(',');
            Object v = boundValues[i];
            if (v instanceof Long || v instanceof Integer || v instanceof Double || v instanceof Float || v instanceof java.util.UUID) {
                out.write(v.toString()); // never holds a comma, quote, line break or backslash
            } else {
                writeField(out, PgText.of(v));
            }
        }
        out.write('\n');
    }

    static void writeField(Writer out, String text) throws IOException {
        if (text == null) return;
        if (!needsQuotes(text)) {
            out.write(text);
            return;
        }
        out.write('"');
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '"') {
                out.write(text, start, i - start + 1);
                out.write('"');
                start = i + 1;
            }
        }
        out.write(text, start, text.length() - start);
        out.write('"');
    }

    private static boolean needsQuotes(String text) {
        if (text.isEmpty()) return true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r' || c == '\\') return true;
        }
        return false;
    }

    /** One encoded row as a string, for tests and messages. */
    static String row(Object... boundValues) {
        java.io.StringWriter w = new java.io.StringWriter();
        try {
            writeRow(w, boundValues);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }
}
