package io.dataflow.tune;

/** Text rendering of tuning plans and reports, as the CLI prints them. */
final class TuneText {

    private static final String ROW = "%-34s %-14s %-2s %-14s %-7s %s%n";

    private TuneText() {
    }

    static String plan(TuningPlan plan) {
        StringBuilder sb = new StringBuilder();
        TuneInputs in = plan.inputs();
        if (in != null) {
            sb.append(plan.server()).append(", ").append(in.workload()).append(" workload\n");
            sb.append(String.format("  %-12s %s (%s)%n", "RAM", in.ram(), in.ramSource()));
            if (!in.usableRam().equals(in.ram())) sb.append(String.format("  %-12s %s%n", "for formulas", in.usableRam()));
            sb.append(String.format("  %-12s %s (%s)%n", "CPUs", in.cpus() == null ? "unknown" : in.cpus(), in.cpuSource()));
            sb.append(String.format("  %-12s %s (%s)%n", "storage", in.storage(), in.storageSource()));
            sb.append(String.format("  %-12s %d (%s)%n%n", "connections", in.connections(), in.connectionsSource()));
        } else {
            sb.append(plan.server()).append('\n');
        }
        sb.append(String.format(ROW, "SETTING", "CURRENT", "", "RECOMMENDED", "RESTART", "REASON"));
        for (PlannedSetting s : plan.settings()) {
            String current = s.pending() == null ? s.current() : s.current() + " (" + s.pending() + " pending)";
            sb.append(String.format(ROW, s.name(), current, s.change() ? "->" : "=", s.recommended(),
                    s.restart() ? "yes" : "no", s.change() ? s.reason() : "already set; " + s.reason()));
        }
        for (String n : plan.notes()) sb.append("NOTE ").append(n).append('\n');
        long restart = plan.changes().stream().filter(PlannedSetting::restart).count();
        sb.append(plan.changes().size()).append(" of ").append(plan.settings().size()).append(" settings would change");
        if (restart > 0) sb.append(" (").append(restart).append(" only after a restart)");
        return sb.append(".\n").toString();
    }

    static String applied(ApplyReport report) {
        StringBuilder sb = new StringBuilder();
        for (AppliedSetting s : report.settings()) sb.append(line(s));
        for (String n : report.notes()) sb.append("NOTE ").append(n).append('\n');
        sb.append(String.format("Applied %d, pending restart %d, unchanged %d.%n", report.withStatus("applied").size(),
                report.withStatus("pending_restart").size(), report.withStatus("unchanged").size()));
        return sb.toString();
    }

    static String reverted(RevertReport report) {
        StringBuilder sb = new StringBuilder();
        for (AppliedSetting s : report.settings()) sb.append(line(s));
        for (String n : report.notes()) sb.append("NOTE ").append(n).append('\n');
        if (!report.runs().isEmpty()) sb.append("Reverted run(s) ").append(report.runs()).append(".\n");
        return sb.toString();
    }

    private static String line(AppliedSetting s) {
        return String.format("  %-16s %-34s %s -> %s%s%n", s.status(), s.name(), s.before(), s.after(), s.note() == null ? "" : "  (" + s.note() + ")");
    }
}
