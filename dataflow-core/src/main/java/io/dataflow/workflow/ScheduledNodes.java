package io.dataflow.workflow;

import io.dataflow.schedule.Job;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node whose config has a {@code schedule} registers a job instead of running now (the guide's
 * {@code "schedule": "daily"}); the job, named after the node, runs the same config on schedule.
 */
final class ScheduledNodes {

    private ScheduledNodes() {
    }

    static boolean isScheduled(NodeDefinition definition, Map<String, Object> config) {
        return definition.schema().key("schedule") != null && config.get("schedule") instanceof String;
    }

    static Map<String, Object> register(NodeContext context, String type, Map<String, Object> config) {
        Object window = config.get("maintenance_window");
        Job job = context.db().scheduler().register(context.nodeId(), (String) config.get("schedule"), type, config,
                window instanceof String w ? w : null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scheduled", true);
        out.put("job", job.name());
        out.put("schedule", job.schedule());
        out.put("next_run", job.nextRun().toString());
        return out;
    }
}
