package io.dataflow.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record or class as a DataFlow model; the attributes mirror the guide's
 * {@code __dataflow__} dict. Each record component (or non-static field) is a column.
 */
@java.lang.annotation.Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Model {

    /** The model name; the simple class name when empty. */
    String name() default "";

    /** The table name; derived from the model name ({@code OrderItem} → {@code order_items}) when empty. */
    String table() default "";

    Index[] indexes() default {};

    /** Partitioning; none when {@code strategy} is empty. */
    Partitioning partitioning() default @Partitioning;

    /** The version column for optimistic locking; none when empty. */
    String optimisticLock() default "";

    /** How often a conflicting update is retried; the default (3) when negative. */
    int retryOnConflict() default -1;

    /** An index: either {@code fields} or {@code expression}. */
    @java.lang.annotation.Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface Index {
        String[] fields() default {};

        String expression() default "";

        String[] include() default {};

        String where() default "";

        String name() default "";

        boolean unique() default false;

        String method() default "btree";
    }

    /** Partitioning: {@code range} with an interval, {@code list} with partitions, or {@code hash}. */
    @java.lang.annotation.Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface Partitioning {
        String strategy() default "";

        String key() default "";

        String interval() default "";

        Retention retention() default @Retention;

        Automatic automatic() default @Automatic;

        ListPartition[] partitions() default {};

        /** The number of hash partitions. */
        int hashPartitions() default 0;
    }

    /** Retention in months; a negative value means not set. */
    @java.lang.annotation.Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface Retention {
        int keepMonths() default -1;

        int archiveMonths() default -1;

        int deleteAfter() default -1;
    }

    /** Automatic partition maintenance; a negative create-ahead means the default (3). */
    @java.lang.annotation.Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface Automatic {
        int createAhead() default -1;

        String maintenanceSchedule() default "";
    }

    /** One list partition: its table name and the key values it holds. */
    @java.lang.annotation.Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface ListPartition {
        String name();

        String[] values();
    }
}
