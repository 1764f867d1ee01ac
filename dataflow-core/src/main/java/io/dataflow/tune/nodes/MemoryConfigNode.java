package io.dataflow.tune.nodes;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.tune.Sizes;
import io.dataflow.tune.TuneOptions;
import io.dataflow.tune.TuningPlan;
import io.dataflow.tune.Workload;
import io.dataflow.workflow.ConfigSchema;
import io.dataflow.workflow.KeySpec;
import io.dataflow.workflow.NodeContext;
import io.dataflow.workflow.NodeDefinition;
import io.dataflow.workflow.Reference;
import io.dataflow.workflow.ValueType;
import java.util.Map;
import java.util.Set;

/** {@code MemoryConfigNode}: {auto_detect, reserve_os_memory, connection_overhead, total_ram, cpus, workload, apply}. */
final class MemoryConfigNode implements NodeDefinition {

    @Override
    public String type() {
        return "MemoryConfigNode";
    }

    @Override
    public String description() {
        return "Memory settings (shared_buffers, effective_cache_size, work_mem, maintenance_work_mem, wal_buffers, huge_pages) by"
                + " PgTune's formulas, after reserving memory for the OS and connections; applied with ALTER SYSTEM";
    }

    @Override
    public ConfigSchema schema() {
        return ConfigSchema.of(
                KeySpec.optional("auto_detect", ValueType.BOOLEAN, true, "read RAM (cgroup-aware) and CPUs of the machine running DataFlow"),
                KeySpec.optional("total_ram", ValueType.ANY, null, "the server's RAM, e.g. 16GB (a number means GB); wins over auto_detect"),
                KeySpec.optional("reserve_os_memory", ValueType.STRING, "0MB", "RAM left to the OS and other programs, e.g. 2GB"),
                KeySpec.optional("connection_overhead", ValueType.STRING, "0MB", "memory per connection besides work_mem, e.g. 10MB;"
                        + " max_connections times this is reserved too"),
                KeySpec.optional("cpus", ValueType.INTEGER, null, "the server's CPUs (work_mem counts a worker per CPU); wins over auto_detect"),
                KeySpec.optional("workload", ValueType.STRING, "web", "what the server mostly does").oneOf(Workload.ids().toArray(String[]::new)),
                KeySpec.optional("apply", ValueType.BOOLEAN, true, "apply with ALTER SYSTEM (false: only compute and show)"));
    }

    @Override
    public Set<String> outputs() {
        return TuneOutput.KEYS;
    }

    @Override
    public void validate(ConfigReader config) {
        options(config);
    }

    @Override
    public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
        String where = type() + " " + context.nodeId();
        var tuner = context.db().tuner();
        TuningPlan plan = tuner.recommend(options(ConfigReader.of(where, config)), where);
        return TuneOutput.of(plan, Boolean.TRUE.equals(config.get("apply")) ? tuner.apply(plan, where) : null);
    }

    /** The node's keys as tuner options; references to other nodes are checked when they are resolved. */
    private static TuneOptions options(ConfigReader c) {
        TuneOptions o = TuneOptions.defaults().only("memory").detect(!(c.value("auto_detect") instanceof Boolean b) || b);
        if (c.value("workload") instanceof String w) o = o.workload(Workload.parse(w, c.where(), "workload"));
        Object ram = c.value("total_ram");
        if (ram != null && !(ram instanceof Reference)) o = o.ram(Sizes.parseRam(ram, c.where(), "total_ram"));
        if (c.value("cpus") instanceof Integer n) {
            if (n < 1) throw new ConfigException(c.where(), "cpus", "must be at least 1, got " + n);
            o = o.cpus(n);
        }
        if (ram == null && !o.detect()) throw new ConfigException(c.where(), "total_ram", "is required when auto_detect is false (e.g. 16GB)");
        return o.reserve(size(c, "reserve_os_memory"), size(c, "connection_overhead"));
    }

    private static long size(ConfigReader c, String key) {
        return c.value(key) instanceof String s ? Sizes.parseBytes(s, c.where(), key) : 0;
    }
}
