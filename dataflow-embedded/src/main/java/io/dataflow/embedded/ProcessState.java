package io.dataflow.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What /proc says about a process id (Linux only; elsewhere we trust pg_ctl). */
final class ProcessState {

    private ProcessState() {
    }

    /** True unless /proc shows the pid gone, a zombie, or a program other than postgres. */
    static boolean isLivePostgres(long pid) {
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return true;
        }
        try {
            // Format: "pid (comm) state ..."; comm may itself contain spaces or parentheses.
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String comm = stat.substring(open + 1, close);
            char state = stat.charAt(close + 2);
            return state != 'Z' && state != 'X' && comm.startsWith("postgres");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** True when /proc shows the pid as a zombie (dead, not yet reaped by its parent); false when unknown. */
    static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            char state = stat.charAt(close + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
