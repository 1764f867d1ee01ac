package io.dataflow.crud;

/** A conversion problem, turned into an {@link InvalidValueException} by whoever knows the column. */
final class BadValue extends RuntimeException {

    BadValue(String problem) {
        super(problem, null, false, false);
    }

    /** The value as an error message shows it: short, with its Java type. */
    static String describe(Object value) {
        if (value == null) return "null";
        String text = value instanceof byte[] b ? "byte[" + b.length + "]" : String.valueOf(value);
        if (text.length() > 60) text = text.substring(0, 57) + "...";
        return value instanceof CharSequence ? "'" + text + "' (text)" : text + " (" + value.getClass().getSimpleName() + ")";
    }
}
