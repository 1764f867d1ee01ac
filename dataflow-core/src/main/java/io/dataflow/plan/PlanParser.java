package io.dataflow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** Reads EXPLAIN (FORMAT JSON) output into a {@link PlanNode} tree, computing each node's self time. */
public final class PlanParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The parsed top level: the root node and the statement's planning and execution times. */
    public record Parsed(PlanNode root, Double planningMs, Double executionMs) {
    }

    private int nextId;

    private PlanParser() {
    }

    public static Parsed parse(String json) {
        try {
            return parse(MAPPER.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PlanException("EXPLAIN returned JSON that cannot be read: " + e.getOriginalMessage());
        }
    }

    public static Parsed parse(JsonNode explain) {
        JsonNode top = explain.isArray() ? explain.get(0) : explain;
        if (top == null || !top.has("Plan")) throw new PlanException("EXPLAIN output has no Plan");
        PlanNode root = new PlanParser().node(top.get("Plan"), 1);
        return new Parsed(root, number(top, "Planning Time"), number(top, "Execution Time"));
    }

    /** @param processes how many processes run this node concurrently (1 outside parallel plans) */
    private PlanNode node(JsonNode n, int processes) {
        int id = ++nextId;
        String type = text(n, "Node Type");
        if ("ModifyTable".equals(type) && n.has("Operation")) type = text(n, "Operation"); // as text EXPLAIN shows it: Delete on t
        int childProcesses = processes;
        if (type.startsWith("Gather")) {
            Integer launched = integer(n, "Workers Launched");
            childProcesses = 1 + (launched != null ? launched : integerOr(n, "Workers Planned", 0));
        }
        List<PlanNode> children = new ArrayList<>();
        if (n.has("Plans")) {
            for (JsonNode c : n.get("Plans")) children.add(node(c, childProcesses));
        }
        Double total = number(n, "Actual Total Time");
        Long loops = n.has("Actual Loops") ? n.get("Actual Loops").asLong() : null;
        Double self = null;
        if (loops != null && total != null) {
            double elapsed = elapsed(total, loops, processes);
            for (PlanNode c : children) {
                if (c.loops() != null && c.actualTotalMs() != null) elapsed -= elapsed(c.actualTotalMs(), c.loops(), childProcesses);
            }
            self = Math.max(0, elapsed);
        }
        return new PlanNode(id, type, text(n, "Parent Relationship"), text(n, "Subplan Name"), text(n, "Relation Name"),
                text(n, "Schema"), text(n, "Alias"), text(n, "Index Name"), text(n, "Join Type"), text(n, "Strategy"),
                n.path("Parallel Aware").asBoolean(false), n.path("Startup Cost").asDouble(), n.path("Total Cost").asDouble(),
                n.path("Plan Rows").asDouble(), n.path("Plan Width").asInt(), number(n, "Actual Startup Time"), total,
                number(n, "Actual Rows"), loops, self, buffers(n), text(n, "Filter"), longValue(n, "Rows Removed by Filter"),
                longValue(n, "Rows Removed by Join Filter"), text(n, "Index Cond"), text(n, "Recheck Cond"), text(n, "Hash Cond"),
                text(n, "Merge Cond"), text(n, "Join Filter"), strings(n, "Sort Key"), text(n, "Sort Method"),
                longValue(n, "Sort Space Used"), text(n, "Sort Space Type"), longValue(n, "Hash Batches"),
                integer(n, "Workers Planned"), integer(n, "Workers Launched"), strings(n, "Output"), children);
    }

    /** Wall time of a node over its loops; loops of a parallel node run side by side in several processes. */
    private static double elapsed(double perLoopMs, long loops, int processes) {
        return perLoopMs * loops / Math.max(1, Math.min(processes, loops));
    }

    private static Buffers buffers(JsonNode n) {
        if (!n.has("Shared Hit Blocks")) return null;
        return new Buffers(n.path("Shared Hit Blocks").asLong(), n.path("Shared Read Blocks").asLong(),
                n.path("Shared Dirtied Blocks").asLong(), n.path("Shared Written Blocks").asLong(),
                n.path("Temp Read Blocks").asLong(), n.path("Temp Written Blocks").asLong());
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Double number(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asDouble();
    }

    private static Long longValue(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asLong();
    }

    private static Integer integer(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asInt();
    }

    private static int integerOr(JsonNode n, String key, int otherwise) {
        Integer v = integer(n, key);
        return v == null ? otherwise : v;
    }

    private static List<String> strings(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isArray()) return List.of();
        List<String> out = new ArrayList<>();
        v.forEach(x -> out.add(x.asText()));
        return out;
    }
}
