package io.dataflow.plan;

import io.dataflow.sql.SqlLexer;
import io.dataflow.sql.SqlToken;

/**
 * Maps a position the server reports back into the SQL as the user wrote it: the server saw an
 * EXPLAIN prefix, and {@code $1, $2...} where the user wrote {@code :name} placeholders.
 */
final class ServerPositions {

    private ServerPositions() {
    }

    /** @return the 0-based offset in {@code original}, for a 1-based server position */
    static int toOriginal(String original, String prefix, int serverPosition) {
        int sent = serverPosition - 1 - prefix.length();
        if (sent < 0) return 0;
        int shift = 0;
        int index = 0;
        for (SqlToken t : SqlLexer.tokenize(original)) {
            if (t.kind() != SqlToken.Kind.PARAMETER) continue;
            index++;
            int start = t.offset() + shift;
            int length = ("$" + index).length();
            if (sent < start) break;
            if (sent < start + length) return t.offset();
            shift += length - t.text().length();
        }
        return Math.max(0, Math.min(original.length(), sent - shift));
    }
}
