package io.dataflow.crud;

import io.dataflow.DataFlowException;
import java.util.List;

/**
 * An update that named the version it expected, while the row has moved on: someone else updated
 * it first. Nothing was changed; read the row again and retry.
 */
public class OptimisticLockConflict extends DataFlowException {

    private final String model;
    private final List<Object> ids;
    private final Long expectedVersion;
    private final Long currentVersion;

    /**
     * @param ids             the rows that match except for the version (at least one)
     * @param currentVersion  the first of those rows' version, or null when unknown
     */
    public OptimisticLockConflict(String model, List<Object> ids, Long expectedVersion, Long currentVersion) {
        super(message(model, ids, expectedVersion, currentVersion));
        this.model = model;
        this.ids = List.copyOf(ids);
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
    }

    private static String message(String model, List<Object> ids, Long expected, Long current) {
        StringBuilder sb = new StringBuilder("conflict: ").append(model).append(' ').append(ids.get(0));
        sb.append(current == null ? " has changed" : " is at version " + current);
        sb.append(", the update expected ").append(expected);
        if (ids.size() > 1) sb.append(" (").append(ids.size() - 1).append(" more matching rows are at other versions: ").append(ids.subList(1, ids.size())).append(')');
        return sb.append("; nothing was changed: read the row again and retry").toString();
    }

    public String model() {
        return model;
    }

    /** The first conflicting row's id. */
    public Object id() {
        return ids.get(0);
    }

    public List<Object> ids() {
        return ids;
    }

    public Long expectedVersion() {
        return expectedVersion;
    }

    /** The conflicting row's version now, or null when unknown. */
    public Long currentVersion() {
        return currentVersion;
    }
}
