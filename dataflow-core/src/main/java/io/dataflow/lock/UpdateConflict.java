package io.dataflow.lock;

import io.dataflow.crud.OptimisticLockConflict;
import java.util.List;
import java.util.Map;

/**
 * An optimistic update that could not be applied: with {@code fail} at the first lost race, with
 * {@code retry} when every allowed attempt lost, with {@code merge} when someone else changed the
 * same fields. Carries the expected and the current version and the current row; nothing was changed.
 * It is an {@link OptimisticLockConflict}, so code that catches the CRUD conflict catches this too.
 */
public class UpdateConflict extends OptimisticLockConflict {

    private final Conflict resolution;
    private final int attempts;
    private final Map<String, Object> currentRow;
    private final List<String> overlappingFields;
    private final String message;

    public UpdateConflict(String model, Object id, Long expectedVersion, Long currentVersion, Map<String, Object> currentRow,
                          Conflict resolution, int attempts, List<String> overlappingFields, String message) {
        super(model, List.of(id), expectedVersion, currentVersion);
        this.resolution = resolution;
        this.attempts = attempts;
        this.currentRow = currentRow == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(currentRow));
        this.overlappingFields = List.copyOf(overlappingFields);
        this.message = message;
    }

    /** The parent builds its own text for a single lost race; this one says which resolution gave up and why. */
    @Override
    public String getMessage() {
        return message;
    }

    public Conflict resolution() {
        return resolution;
    }

    public int attempts() {
        return attempts;
    }

    /** The row as it is now, or null when it could not be read again. */
    public Map<String, Object> currentRow() {
        return currentRow;
    }

    /** For merge: the fields both sides changed. */
    public List<String> overlappingFields() {
        return overlappingFields;
    }
}
