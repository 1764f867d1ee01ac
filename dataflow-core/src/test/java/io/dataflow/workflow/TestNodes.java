package io.dataflow.workflow;

import io.dataflow.DataFlowException;
import io.dataflow.model.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Node types for the engine's own tests (registered only on the test class path). */
public final class TestNodes implements NodeProvider {

    /** Latches shared by RendezvousNode instances, by group name. */
    static final Map<String, CountDownLatch> GROUPS = new ConcurrentHashMap<>();

    @Override
    public List<NodeDefinition> nodes(List<ModelSpec> models) {
        return List.of(new Echo(), new Fail(), new Rendezvous(), new Block(), new Typed(), new Tick(), new Throw());
    }

    abstract static class Base implements NodeDefinition {
        @Override
        public String description() {
            return "test node";
        }
    }

    /** Returns its config as its output. */
    static final class Echo extends Base {
        public String type() {
            return "EchoNode";
        }

        public ConfigSchema schema() {
            return ConfigSchema.open();
        }

        public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
            return new LinkedHashMap<>(config);
        }
    }

    static final class Fail extends Base {
        public String type() {
            return "FailNode";
        }

        public ConfigSchema schema() {
            return ConfigSchema.open();
        }

        public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
            throw new DataFlowException("boom");
        }
    }

    /** Counts down its group's latch and waits until every member arrived: proves overlap without timing. */
    static final class Rendezvous extends Base {
        public String type() {
            return "RendezvousNode";
        }

        public ConfigSchema schema() {
            return ConfigSchema.of(KeySpec.required("group", ValueType.STRING, "latch group"));
        }

        public Set<String> outputs() {
            return Set.of("met");
        }

        public Map<String, Object> execute(NodeContext context, Map<String, Object> config) throws InterruptedException {
            CountDownLatch latch = GROUPS.get((String) config.get("group"));
            latch.countDown();
            if (!latch.await(20, TimeUnit.SECONDS)) throw new DataFlowException("the other branch never ran alongside");
            return Map.of("met", true);
        }
    }

    /** Throws a JVM error (fault-containment tests): {@code error: stack_overflow | out_of_memory | linkage}. */
    public static final class Throw extends Base {
        public String type() {
            return "ThrowNode";
        }

        public ConfigSchema schema() {
            return ConfigSchema.of(KeySpec.required("error", ValueType.STRING, "which error").oneOf("stack_overflow", "out_of_memory", "linkage"),
                    KeySpec.optional("schedule", ValueType.STRING, null, "when to run"));
        }

        public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
            switch ((String) config.get("error")) {
                case "stack_overflow" -> recurse(0);
                case "out_of_memory" -> throw new OutOfMemoryError("Java heap space");
                default -> throw new NoClassDefFoundError("com/example/Missing");
            }
            return Map.of();
        }

        private static int recurse(int depth) {
            return recurse(depth + 1) + 1; // a real overflow, not a constructed one
        }
    }

    /** Blocks until interrupted (cancellation tests). */
    static final class Block extends Base {
        public String type() {
            return "BlockNode";
        }

        public ConfigSchema schema() {
            return ConfigSchema.open();
        }

        public Map<String, Object> execute(NodeContext context, Map<String, Object> config) throws InterruptedException {
            Thread.sleep(60_000);
            return Map.of();
        }
    }

    /** A node with a typed schema and declared outputs. */
    static final class Typed extends Base {
        public String type() {
            return "TypedNode";
        }

        public ConfigSchema schema() {
            return ConfigSchema.of(
                    KeySpec.required("name", ValueType.STRING, "who to greet"),
                    KeySpec.optional("count", ValueType.INTEGER, 1, "how often"),
                    KeySpec.optional("tags", ValueType.LIST, null, "tags").oneOf("a", "b"),
                    KeySpec.optional("options", ValueType.MAP, null, "options")
                            .with(ConfigSchema.of(KeySpec.optional("flag", ValueType.BOOLEAN, false, "a flag"))));
        }

        public Set<String> outputs() {
            return Set.of("greeting", "count");
        }

        public Map<String, Object> execute(NodeContext context, Map<String, Object> config) {
            return Map.of("greeting", "hello " + config.get("name"), "count", config.get("count"));
        }
    }

    /** Records a run in table {@code ticks} (for scheduler tests); may sleep to widen a crash window. */
    static final class Tick extends Base {
        public String type() {
            return "TickNode";
        }

        public ConfigSchema schema() {
            return ConfigSchema.of(
                    KeySpec.required("label", ValueType.STRING, "what to record"),
                    KeySpec.optional("sleep_ms", ValueType.INTEGER, 0, "how long to take"),
                    KeySpec.optional("fail", ValueType.BOOLEAN, false, "fail instead"),
                    KeySpec.optional("schedule", ValueType.STRING, null, "when to run"),
                    KeySpec.optional("maintenance_window", ValueType.STRING, null, "when heavy runs may start"));
        }

        public Map<String, Object> execute(NodeContext context, Map<String, Object> config) throws Exception {
            if (Boolean.TRUE.equals(config.get("fail"))) throw new DataFlowException("tick failed on purpose");
            Thread.sleep((Integer) config.get("sleep_ms"));
            try (var c = context.db().dataSource().getConnection(); var st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS ticks (label text, at timestamptz DEFAULT clock_timestamp())");
                try (var ps = c.prepareStatement("INSERT INTO ticks (label) VALUES (?)")) {
                    ps.setString(1, (String) config.get("label"));
                    ps.executeUpdate();
                }
            }
            return Map.of("label", config.get("label"));
        }
    }
}
