package io.dataflow.model;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A model as data: the one shape that annotated classes, maps and YAML files all turn into.
 *
 * @param name            the model name as written (e.g. {@code Order})
 * @param table           the table name (e.g. {@code orders})
 * @param fields          the columns in declaration order, {@code id} first
 * @param indexes         the indexes
 * @param partitioning    how the table is partitioned, or null
 * @param optimisticLock  the version column for optimistic locking, or null
 * @param retryOnConflict how many times a conflicting update is retried
 */
public record ModelSpec(String name, String table, List<FieldSpec> fields, List<IndexSpec> indexes,
                        PartitioningSpec partitioning, String optimisticLock, int retryOnConflict) {

    public ModelSpec {
        fields = List.copyOf(fields);
        indexes = List.copyOf(indexes);
    }

    public Optional<FieldSpec> field(String column) {
        return fields.stream().filter(f -> f.name().equals(column)).findFirst();
    }

    public Set<String> columnNames() {
        return fields.stream().map(FieldSpec::name).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    public Optional<PartitioningSpec> partitioningSpec() {
        return Optional.ofNullable(partitioning);
    }

    public Optional<String> optimisticLockColumn() {
        return Optional.ofNullable(optimisticLock);
    }

    /** Reads a model from its map form (the guide's {@code __dataflow__} shape). */
    public static ModelSpec fromMap(java.util.Map<String, ?> map) {
        return ModelSpecReader.read(map);
    }

    /** Reads a model from an annotated record or class. */
    public static ModelSpec fromClass(Class<?> type) {
        return ModelAnnotations.read(type);
    }
}
