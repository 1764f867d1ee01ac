package io.dataflow.lock;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds "deadlock detected" errors in server log text (stderr format, any log_line_prefix). The
 * server writes each message's DETAIL, HINT, CONTEXT and STATEMENT lines with the same prefix, and
 * indents continuation lines with a tab, which is how an entry's lines are told apart from the next message.
 */
final class DeadlockLogParser {

    private static final String MARK = "deadlock detected";
    private static final Pattern WAITS = Pattern.compile("Process (\\d+) waits for (.+?); blocked by process (\\d+)\\.");
    private static final Pattern QUERY = Pattern.compile("^\\s*Process (\\d+): (.*)$");
    private static final List<String> PARTS = List.of("DETAIL:", "HINT:", "CONTEXT:", "STATEMENT:");

    private DeadlockLogParser() {
    }

    static List<DeadlockReport.Entry> parse(String text) {
        String[] lines = text.split("\r?\n", -1);
        List<DeadlockReport.Entry> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            int at = lines[i].indexOf("ERROR:");
            if (at < 0 || !lines[i].substring(at).contains(MARK)) continue;
            String prefix = lines[i].substring(0, at);
            List<String> entry = new ArrayList<>(List.of(lines[i]));
            int j = i + 1;
            while (j < lines.length && belongs(lines[j], prefix)) entry.add(lines[j++]);
            out.add(new DeadlockReport.Entry(prefix.strip(), processes(entry), entry));
            i = j - 1;
        }
        return out;
    }

    private static boolean belongs(String line, String prefix) {
        if (line.startsWith("\t")) return true;
        if (!line.startsWith(prefix)) return false;
        String rest = line.substring(prefix.length());
        return PARTS.stream().anyMatch(rest::startsWith);
    }

    private static List<DeadlockReport.Process> processes(List<String> lines) {
        List<Integer> order = new ArrayList<>();
        java.util.Map<Integer, String[]> info = new java.util.LinkedHashMap<>(); // pid -> {waitsFor, blockedBy, query}
        Integer lastQueryPid = null;
        for (String line : lines) {
            Matcher w = WAITS.matcher(line);
            if (w.find()) {
                int pid = Integer.parseInt(w.group(1));
                info.computeIfAbsent(pid, k -> { order.add(k); return new String[3]; });
                info.get(pid)[0] = w.group(2);
                info.get(pid)[1] = w.group(3);
                lastQueryPid = null;
                continue;
            }
            Matcher q = QUERY.matcher(line.contains("DETAIL:") ? line.substring(line.indexOf("DETAIL:") + 7) : line);
            if (q.find()) {
                int pid = Integer.parseInt(q.group(1));
                info.computeIfAbsent(pid, k -> { order.add(k); return new String[3]; });
                info.get(pid)[2] = q.group(2).strip();
                lastQueryPid = pid;
            } else if (lastQueryPid != null && line.startsWith("\t")) {
                info.get(lastQueryPid)[2] += " " + line.strip(); // a multi-line query continues with a tab
            } else {
                lastQueryPid = null;
            }
        }
        List<DeadlockReport.Process> out = new ArrayList<>();
        for (int pid : order) {
            String[] v = info.get(pid);
            out.add(new DeadlockReport.Process(pid, v[0], v[1] == null ? null : Integer.valueOf(v[1]), v[2]));
        }
        return out;
    }
}
