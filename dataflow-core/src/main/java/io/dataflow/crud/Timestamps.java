package io.dataflow.crud;

import io.dataflow.model.FieldSpec;
import io.dataflow.model.FieldType;
import io.dataflow.model.ModelSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * created_at and updated_at, when the model has them as datetime or timestamp columns: set from the
 * clock when a row is created without them, and updated_at again on every update. One instant per
 * operation (like PostgreSQL's now()), truncated to microseconds so that it reads back unchanged.
 */
final class Timestamps {

    static final String CREATED_AT = "created_at";
    static final String UPDATED_AT = "updated_at";

    private final FieldSpec createdAt;
    private final FieldSpec updatedAt;
    private final Clock clock;

    Timestamps(ModelSpec model, Clock clock) {
        this.createdAt = managed(model, CREATED_AT);
        this.updatedAt = managed(model, UPDATED_AT);
        this.clock = clock;
    }

    private static FieldSpec managed(ModelSpec model, String column) {
        return model.field(column).filter(f -> f.type() == FieldType.DATETIME || f.type() == FieldType.TIMESTAMP).orElse(null);
    }

    boolean managesCreatedAt() {
        return createdAt != null;
    }

    boolean managesUpdatedAt() {
        return updatedAt != null;
    }

    /** The instant of one operation. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Sets created_at and updated_at where absent or null, in a row of bound values. */
    void onCreate(Map<String, Object> row, Instant now) {
        if (createdAt != null && row.get(CREATED_AT) == null) row.put(CREATED_AT, bound(createdAt, now));
        if (updatedAt != null && row.get(UPDATED_AT) == null) row.put(UPDATED_AT, bound(updatedAt, now));
    }

    /** Sets updated_at where absent or null, in the bound values an update assigns. */
    void onUpdate(Map<String, Object> fields, Instant now) {
        if (updatedAt != null && fields.get(UPDATED_AT) == null) fields.put(UPDATED_AT, bound(updatedAt, now));
    }

    /** The bound value of the instant for created_at or updated_at. */
    Object value(String column, Instant now) {
        FieldSpec f = column.equals(CREATED_AT) ? createdAt : updatedAt;
        return f == null ? null : bound(f, now);
    }

    private static Object bound(FieldSpec field, Instant now) {
        return field.type() == FieldType.DATETIME ? now.atOffset(ZoneOffset.UTC) : LocalDateTime.ofInstant(now, ZoneOffset.UTC);
    }
}
