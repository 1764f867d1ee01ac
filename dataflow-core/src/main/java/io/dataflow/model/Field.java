package io.dataflow.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Column options for a record component or field of a {@link Model}. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface Field {

    /** The logical type name (int, str, ...); taken from the Java type when empty. */
    String type() default "";

    /** A constant default, written as text ({@code "1"}, {@code "pending"}); none when empty. */
    String defaultValue() default "";

    boolean nullable() default true;
}
