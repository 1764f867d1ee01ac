package io.dataflow.sql;

import io.dataflow.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Validates names that come from configs and quotes every identifier written into SQL. */
public final class Identifiers {

    /** PostgreSQL truncates identifiers longer than this many bytes (NAMEDATALEN - 1). */
    public static final int MAX_LENGTH = 63;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    private Identifiers() {
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches()
                && name.getBytes(StandardCharsets.UTF_8).length <= MAX_LENGTH;
    }

    /** Returns the name, or refuses it naming where it came from and what is accepted. */
    public static String require(String name, String where, String key) {
        if (!isValid(name)) {
            throw new ConfigException(where, key, "'" + name + "' is not an accepted name: use letters, digits,"
                    + " _ or $, starting with a letter or _, at most " + MAX_LENGTH + " characters");
        }
        return name;
    }

    /** Double-quotes an identifier, doubling embedded quotes. */
    public static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A SQL string literal with quotes doubled (standard_conforming_strings is on since 9.1). */
    public static String literal(String value) {
        if (value.indexOf('\0') >= 0) throw new IllegalArgumentException("NUL character in a SQL literal");
        return '\'' + value.replace("'", "''") + '\'';
    }

    /**
     * A name of at most 63 bytes built from parts: when too long, the middle is shortened and a
     * short hash keeps two long names from colliding (PostgreSQL would truncate silently).
     */
    public static String compose(String... parts) {
        String joined = String.join("_", parts);
        if (joined.getBytes(StandardCharsets.UTF_8).length <= MAX_LENGTH) return joined;
        String hash = Integer.toHexString(joined.hashCode() & 0x7fffffff);
        return joined.substring(0, MAX_LENGTH - hash.length() - 1) + "_" + hash;
    }
}
