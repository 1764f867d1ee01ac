package io.dataflow.sql;

import io.dataflow.config.ConfigException;

/** A config fragment refused before anything ran, with the 1-based position of the problem. */
public class FragmentException extends ConfigException {

    private final int position;

    public FragmentException(String where, String key, String fragment, int offset, String problem) {
        super(where, key, problem + " at position " + (offset + 1) + " of \"" + fragment + "\"" + caret(fragment, offset));
        this.position = offset + 1;
    }

    /** 1-based character position in the fragment. */
    public int position() {
        return position;
    }

    private static String caret(String fragment, int offset) {
        if (fragment.contains("\n") || fragment.length() > 120) return "";
        return "\n  " + fragment + "\n  " + " ".repeat(Math.max(0, Math.min(offset, fragment.length()))) + "^";
    }
}
