package io.dataflow.lock;

import io.dataflow.crud.ModelRepository;
import io.dataflow.crud.OptimisticLockConflict;
import io.dataflow.crud.UpdateResult;
import java.util.List;
import java.util.Map;

/**
 * Runs one optimistic update: read the row, compute the new values, update at the version read
 * (ModelRepository adds {@code AND version = ?}, increments it, and tells a lost race from a
 * missing row), and on a lost race retry, merge or fail as asked. No lock is held between the read
 * and the write; correctness comes from the version check alone.
 */
final class OptimisticUpdater {

    private final ModelRepository repository;
    private final String model;
    private final String lock;

    OptimisticUpdater(ModelRepository repository) {
        this.repository = repository;
        this.model = repository.model().name();
        this.lock = repository.model().optimisticLock();
    }

    OptimisticUpdate update(Object id, UpdateRequest request) {
        Map<String, Object> current = read(id, "");
        Map<String, ?> base = request.base() != null ? request.base() : request.expectedVersion() == null ? current : null;
        Long baseVersion = request.expectedVersion() != null ? request.expectedVersion()
                : base != null && base.get(lock) != null ? ((Number) base.get(lock)).longValue() : null;
        ThreeWayMerge merge = new ThreeWayMerge(request.model());
        // The first attempt is at the caller's version when given, so a stale read is reported, not overwritten.
        long attemptVersion = request.conflict() != Conflict.MERGE && baseVersion != null ? baseVersion : version(current);
        List<String> concurrent = List.of();
        int attempts = 0;
        int conflicts = 0;
        while (true) {
            Map<String, Object> ours = request.changes().valuesFor(current);
            if (request.conflict() == Conflict.MERGE) {
                if (baseVersion == null || version(current) != baseVersion) concurrent = checkMerge(id, base, baseVersion, current, ours, request.changes(), merge, attempts);
                attemptVersion = version(current);
            }
            attempts++;
            try {
                UpdateResult result = repository.update(Map.of("id", id, lock, attemptVersion), ours);
                if (result.updated() == 0) throw new RowNotFound(model, id, " (it was deleted while the update ran)");
                Map<String, Object> row = result.rows().get(0);
                return new OptimisticUpdate(model, id, version(row), row, attempts, conflicts, request.conflict(), concurrent);
            } catch (OptimisticLockConflict lost) {
                conflicts++;
                if (request.conflict() == Conflict.FAIL || attempts > request.maxRetries()) throw giveUp(id, request, lost, attempts);
                request.backoff().pause(attempts);
                current = read(id, " (it was deleted while the update retried)");
                attemptVersion = version(current); // the next attempt is against the row as it is now
            }
        }
    }

    /** The fields others changed since base, or a conflict when they overlap ours (or base is unknown). */
    private List<String> checkMerge(Object id, Map<String, ?> base, Long baseVersion, Map<String, Object> current,
                                    Map<String, Object> ours, Changes changes, ThreeWayMerge merge, int attempts) {
        long now = version(current);
        if (base == null) {
            throw new UpdateConflict(model, id, baseVersion, now, current, Conflict.MERGE, attempts, List.of(),
                    "merge conflict: " + model + " " + id + " is at version " + now + ", not the expected " + baseVersion
                            + ", and no base row was given, so which fields changed since then is unknown; give base (the row as you"
                            + " read it) to merge field by field; nothing was changed");
        }
        List<String> overlap = merge.overlap(base, current, changes.changes());
        if (!overlap.isEmpty()) {
            StringBuilder detail = new StringBuilder();
            for (String f : overlap) {
                detail.append(detail.length() == 0 ? "" : ", ").append(f).append(": base ").append(base.get(f))
                        .append(", theirs ").append(current.get(f)).append(", ours ").append(ours.get(f));
            }
            throw new UpdateConflict(model, id, baseVersion, now, current, Conflict.MERGE, attempts, overlap,
                    "merge conflict: " + model + " " + id + " fields " + overlap + " were changed by someone else since "
                            + (baseVersion == null ? "the base row" : "version " + baseVersion) + " (now version " + now + "; "
                            + detail + "); nothing was changed");
        }
        return merge.changedSince(base, current);
    }

    private UpdateConflict giveUp(Object id, UpdateRequest request, OptimisticLockConflict lost, int attempts) {
        Map<String, Object> now = repository.read(id).orElse(null);
        Long current = now == null ? lost.currentVersion() : Long.valueOf(version(now));
        String message = request.conflict() == Conflict.FAIL
                ? "conflict: " + model + " " + id + " is at version " + current + ", the update expected " + lost.expectedVersion()
                + " (conflict_resolution fail); nothing was changed; current row: " + now
                : "conflict: " + model + " " + id + " changed under every attempt: " + attempts + " attempts (max_retries "
                + request.maxRetries() + ") lost the race, it is now at version " + current + "; nothing was changed";
        return new UpdateConflict(model, id, lost.expectedVersion(), current, now, request.conflict(), attempts, List.of(), message);
    }

    private Map<String, Object> read(Object id, String when) {
        return repository.read(id).orElseThrow(() -> new RowNotFound(model, id, when));
    }

    private long version(Map<String, Object> row) {
        return ((Number) row.get(lock)).longValue();
    }
}
