package io.dataflow.dashboard.pages;

import io.dataflow.dashboard.Context;
import io.dataflow.dashboard.Html;
import io.dataflow.dashboard.Page;
import io.dataflow.schedule.Job;
import java.util.List;

/** The scheduler's jobs: schedule, last and next run, failures, with run-now. */
final class SchedulerPage implements Page {

    @Override
    public String path() {
        return "/scheduler";
    }

    @Override
    public String title() {
        return "Scheduler";
    }

    @Override
    public void render(Context ctx, Html out) {
        out.h2("Jobs");
        List<Job> jobs = Pages.section(out, "The scheduler's jobs", () -> ctx.database().view().scheduler().jobs());
        if (jobs == null) return;
        if (jobs.isEmpty()) {
            out.note("No job is scheduled here: a node config's 'schedule' key registers one (./dataflow jobs lists them).");
            return;
        }
        out.table("job", "node", "schedule", "window", "next run", "last run", "last status", "last ms", "runs", "");
        for (Job j : jobs) {
            Html action = new Html();
            ctx.actionForm(action, "run-job", "run now", "Run " + j.name() + " now?", "job", j.name());
            out.row(j.name(), j.nodeType(), j.schedule(), j.maintenanceWindow(), Html.time(j.nextRun()), Html.time(j.lastRun()),
                    Html.cell((j.lastStatus() == null ? "" : j.lastStatus()) + (j.lastError() == null ? "" : ": " + j.lastError()),
                            "failed".equals(j.lastStatus()) ? "critical" : null),
                    Html.num(j.lastDurationMs()), Html.num(j.runCount()), Html.cell(action));
        }
        out.endTable();
    }
}
