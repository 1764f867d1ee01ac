package io.dataflow.crud;

/** An array parameter ({@code = ANY(?)}): elements in PostgreSQL text form, so every column type travels the same way. */
record SqlArray(String elementType, String[] elements) {
}
