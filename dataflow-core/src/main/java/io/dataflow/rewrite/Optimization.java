package io.dataflow.rewrite;

import java.util.Locale;

/** Which rewrites to try: the guide's {@code optimization} key. */
public enum Optimization {
    /** Correlated scalar aggregate subqueries → joins with grouped derived tables. */
    DECORRELATE,
    /** IN / NOT IN / EXISTS → semi- and anti-joins where PostgreSQL does not already plan them so. */
    EXISTS_TO_SEMIJOIN,
    /** Functions and arithmetic on columns → range predicates on the bare column; OR of equalities → IN. */
    SARGABLE,
    /** All of them. */
    AUTO;

    public static Optimization parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RewriteException("unknown optimization '" + value + "': use decorrelate, exists_to_semijoin, sargable or auto");
        }
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
