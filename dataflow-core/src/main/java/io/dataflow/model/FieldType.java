package io.dataflow.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The logical type of a model field. Names are the guide's (int, str, float, ...) plus Java's
 * (long, String, Instant, ...). The guide's {@code int} is 64-bit: Python ints do not overflow and
 * ids outgrow 32 bits; a Java {@code int}/{@code Integer} stays 32-bit.
 */
public enum FieldType {
    INT("int", "long", "Long", "bigint"),
    INT32("int32", "integer", "Integer"),
    STR("str", "string", "String", "text"),
    FLOAT("float", "double", "Double"),
    REAL("real", "Float"),
    BOOL("bool", "boolean", "Boolean"),
    DATETIME("datetime", "Instant", "OffsetDateTime", "ZonedDateTime", "timestamptz"),
    TIMESTAMP("timestamp", "LocalDateTime"),
    DATE("date", "LocalDate"),
    DICT("dict", "Map", "json", "jsonb"),
    LIST("list", "List"),
    DECIMAL("decimal", "BigDecimal", "numeric"),
    UUID("uuid", "UUID"),
    BYTES("bytes", "byte[]", "bytea");

    private static final Map<String, FieldType> BY_NAME = new LinkedHashMap<>();

    static {
        for (FieldType t : values()) {
            for (String n : t.names) BY_NAME.put(n, t);
        }
    }

    private final List<String> names;

    FieldType(String... names) {
        this.names = List.of(names);
    }

    /** The guide's name for this type (the first of its names). */
    public String guideName() {
        return names.get(0);
    }

    public static Optional<FieldType> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static List<String> acceptedNames() {
        return List.copyOf(BY_NAME.keySet());
    }

    public boolean isTemporal() {
        return this == DATETIME || this == TIMESTAMP || this == DATE;
    }

    /** The type of a Java record component or field, if it has one. */
    public static Optional<FieldType> ofJava(Class<?> type) {
        if (type == long.class || type == Long.class) return Optional.of(INT);
        if (type == int.class || type == Integer.class || type == short.class || type == Short.class) return Optional.of(INT32);
        if (type == String.class) return Optional.of(STR);
        if (type == double.class || type == Double.class) return Optional.of(FLOAT);
        if (type == float.class || type == Float.class) return Optional.of(REAL);
        if (type == boolean.class || type == Boolean.class) return Optional.of(BOOL);
        if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) return Optional.of(DATETIME);
        if (type == LocalDateTime.class) return Optional.of(TIMESTAMP);
        if (type == LocalDate.class) return Optional.of(DATE);
        if (Map.class.isAssignableFrom(type)) return Optional.of(DICT);
        if (List.class.isAssignableFrom(type)) return Optional.of(LIST);
        if (type == BigDecimal.class) return Optional.of(DECIMAL);
        if (type == java.util.UUID.class) return Optional.of(UUID);
        if (type == byte[].class) return Optional.of(BYTES);
        return Optional.empty();
    }
}
