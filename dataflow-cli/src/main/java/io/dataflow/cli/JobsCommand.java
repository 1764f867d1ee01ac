package io.dataflow.cli;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.Json;
import io.dataflow.schedule.Job;
import io.dataflow.schedule.JobRun;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "jobs", mixinStandardHelpOptions = true, description = "Scheduled jobs: list (default), run NAME, remove NAME.")
final class JobsCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", defaultValue = "list", description = "list, run or remove")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "The job (for run and remove)")
    String name;

    @Mixin
    ConnectionOptionsMixin connection;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!List.of("list", "run", "remove").contains(action)) {
            throw new DataFlowException("unknown action '" + action + "': use list, run NAME or remove NAME");
        }
        if (!action.equals("list") && name == null) throw new DataFlowException(action + " needs a job NAME");
        try (DataFlow db = connection.options.open()) {
            switch (action) {
                case "run" -> {
                    JobRun run = db.scheduler().runNow(name);
                    out.println(json ? Json.write(run) : "job " + name + ": " + run.status() + String.format(" in %.1f ms", run.ms())
                            + (run.error() == null ? "" : ": " + run.error()));
                    return "ok".equals(run.status()) ? 0 : 1;
                }
                case "remove" -> {
                    if (!db.scheduler().remove(name)) throw new DataFlowException("no job named " + name);
                    out.println("removed job " + name);
                }
                default -> {
                    List<Job> jobs = db.scheduler().jobs();
                    if (json) {
                        out.println(Json.write(jobs));
                    } else if (jobs.isEmpty()) {
                        out.println("No jobs. A node config with a schedule key registers one.");
                    } else {
                        out.printf("%-28s %-16s %-22s %-22s %-8s %s%n", "NAME", "SCHEDULE", "NEXT RUN", "LAST RUN", "STATUS", "NODE");
                        for (Job j : jobs) {
                            out.printf("%-28s %-16s %-22s %-22s %-8s %s%n", j.name(), j.schedule()
                                    + (j.maintenanceWindow() == null ? "" : " @" + j.maintenanceWindow()), j.nextRun(),
                                    j.lastRun() == null ? "-" : j.lastRun(), j.lastStatus() == null ? "-" : j.lastStatus(), j.nodeType());
                        }
                    }
                }
            }
        }
        return 0;
    }
}
