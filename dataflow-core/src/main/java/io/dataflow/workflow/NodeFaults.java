package io.dataflow.workflow;

import io.dataflow.DataFlowException;

/**
 * What a node's failure says. An exception keeps its message (DataFlow's own are written for the
 * user); a JVM error (stack overflow, out of memory, a missing class) gets one line naming the node
 * and the cause in words, since its own message is empty or meaningless to a user.
 */
final class NodeFaults {

    private NodeFaults() {
    }

    static String describe(String id, String type, Throwable e) {
        if (e instanceof Exception || e instanceof AssertionError) return message(e);
        String node = "node '" + id + "' (" + type + ")";
        String detail = e.getMessage() == null || e.getMessage().isBlank() ? "" : ": " + firstLine(e.getMessage());
        if (e instanceof StackOverflowError) {
            return node + " failed: stack overflow: its input is nested or chained too deeply to process (StackOverflowError)";
        }
        if (e instanceof OutOfMemoryError) {
            return node + " failed: out of memory while it ran (OutOfMemoryError" + detail + "); give the JVM more heap (-Xmx) or the node less data";
        }
        if (e instanceof LinkageError) {
            return node + " failed: a class it needs is missing or incompatible (" + e.getClass().getSimpleName() + detail + ")";
        }
        return node + " failed: " + e.getClass().getSimpleName() + detail;
    }

    private static String message(Throwable e) {
        String m = e instanceof DataFlowException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !m.contains(cause.getMessage())) m += " (caused by: " + cause.getMessage() + ")";
        return m;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
