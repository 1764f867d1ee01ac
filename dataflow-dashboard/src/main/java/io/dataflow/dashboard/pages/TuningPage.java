package io.dataflow.dashboard.pages;

import io.dataflow.dashboard.Context;
import io.dataflow.dashboard.Html;
import io.dataflow.dashboard.Page;
import io.dataflow.tune.PlannedSetting;
import io.dataflow.tune.TuneOptions;
import io.dataflow.tune.TuningPlan;

/** Current vs recommended settings with the reason and whether a restart is needed (read only: applying is ./dataflow tune --apply). */
final class TuningPage implements Page {

    @Override
    public String path() {
        return "/tuning";
    }

    @Override
    public String title() {
        return "Tuning";
    }

    @Override
    public void render(Context ctx, Html out) {
        out.h2("Server settings");
        TuningPlan plan = Pages.section(out, "The tuner", () -> ctx.database().view().tuner().recommend(TuneOptions.defaults()));
        if (plan == null) return;
        out.p(plan.server() + " · inputs: " + plan.inputs());
        for (String n : plan.notes()) out.note(n);
        out.table("setting", "current", "recommended", "change", "restart", "reason");
        for (PlannedSetting s : plan.settings()) {
            out.row(s.name(), s.current(), s.recommended(), Html.cell(s.change() ? "change" : "keep", s.change() ? "warning" : "ok"),
                    s.restart() ? "restart needed" : s.takesEffect(), s.reason());
        }
        out.endTable();
    }
}
