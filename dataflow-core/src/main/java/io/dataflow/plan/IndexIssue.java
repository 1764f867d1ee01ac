package io.dataflow.plan;

/**
 * An existing index that costs writes and space for nothing.
 *
 * @param index     its name
 * @param table     its table
 * @param reason    unused (no scans since statistics were reset), duplicate (of another) or prefix (of another)
 * @param other     the index it duplicates or is a prefix of, else null
 * @param sizeBytes its size
 * @param scans     its scans since statistics were reset
 * @param sql       {@code DROP INDEX CONCURRENTLY ...}
 */
public record IndexIssue(String index, String table, String reason, String other, long sizeBytes, long scans, String sql) {
}
