package io.dataflow.cli;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.Json;
import io.dataflow.tune.ApplyReport;
import io.dataflow.tune.RevertReport;
import io.dataflow.tune.Sizes;
import io.dataflow.tune.StorageType;
import io.dataflow.tune.TuneOptions;
import io.dataflow.tune.Tuner;
import io.dataflow.tune.TuningPlan;
import io.dataflow.tune.Workload;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Server settings by PgTune's formulas: current -> recommended, why, and whether a restart is needed.",
                "Dry run by default; --apply sets them with ALTER SYSTEM, --revert restores what was there before.",
                "Hardware not given is read on the machine running this command, which may not be the server's."})
final class TuneCommand implements Callable<Integer> {

    @Option(names = "--workload", defaultValue = "web", description = "web, oltp, dw, mixed or desktop (default: ${DEFAULT-VALUE})")
    String workload;

    @Option(names = "--storage", description = "hdd, ssd, san or nvme (default: detected)")
    String storage;

    @Option(names = "--ram", paramLabel = "SIZE", description = "The server's RAM, e.g. 16GB (default: detected, cgroup-aware)")
    String ram;

    @Option(names = "--cpus", description = "The server's CPUs (default: detected)")
    Integer cpus;

    @Option(names = "--connections", description = "Connections to plan work_mem for (default: the server's max_connections)")
    Integer connections;

    @Option(names = "--reserve-os", paramLabel = "SIZE", description = "RAM to leave to the OS and other programs, e.g. 2GB (default: none)")
    String reserveOs;

    @Option(names = "--connection-overhead", paramLabel = "SIZE", description = "Memory per connection besides work_mem, e.g. 10MB (default: none)")
    String connectionOverhead;

    @Option(names = "--apply", description = "Apply with ALTER SYSTEM and reload the configuration")
    boolean apply;

    @Option(names = "--revert", description = "Restore the settings DataFlow applied from this database")
    boolean revert;

    @Mixin
    ConnectionOptionsMixin connection;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (apply && revert) throw new DataFlowException("--apply and --revert cannot be used together");
        TuneOptions options = revert ? null : options(); // refused before connecting
        PrintWriter out = spec.commandLine().getOut();
        try (DataFlow db = connection.options.open()) {
            Tuner tuner = db.tuner();
            if (revert) {
                RevertReport report = tuner.revert();
                out.print(json ? Json.write(report) + "\n" : report.toText());
                return 0;
            }
            TuningPlan plan = tuner.recommend(options, "tune");
            if (!apply) {
                out.print(json ? Json.write(plan) + "\n" : plan.toText() + "Dry run: nothing was changed; --apply applies the changes.\n");
                return 0;
            }
            ApplyReport report = tuner.apply(plan, "./dataflow tune --workload " + options.workload().id());
            if (json) {
                Map<String, Object> both = new LinkedHashMap<>();
                both.put("plan", plan);
                both.put("applied", report);
                out.println(Json.write(both));
            } else {
                out.print(plan.toText() + "\n" + report.toText());
            }
        }
        return 0;
    }

    private TuneOptions options() {
        TuneOptions o = TuneOptions.defaults().workload(Workload.parse(workload, "tune", "--workload"));
        if (storage != null) o = o.storage(StorageType.parse(storage, "tune", "--storage"));
        if (ram != null) o = o.ram(Sizes.parseBytes(ram, "tune", "--ram"));
        if (cpus != null) {
            if (cpus < 1) throw new DataFlowException("--cpus must be at least 1");
            o = o.cpus(cpus);
        }
        if (connections != null) {
            if (connections < 1) throw new DataFlowException("--connections must be at least 1");
            o = o.connections(connections);
        }
        long reserve = reserveOs == null ? 0 : Sizes.parseBytes(reserveOs, "tune", "--reserve-os");
        long overhead = connectionOverhead == null ? 0 : Sizes.parseBytes(connectionOverhead, "tune", "--connection-overhead");
        return o.reserve(reserve, overhead);
    }
}
