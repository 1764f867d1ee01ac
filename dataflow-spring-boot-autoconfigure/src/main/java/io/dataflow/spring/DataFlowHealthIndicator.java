package io.dataflow.spring;

import io.dataflow.DataFlow;
import io.dataflow.monitor.Alert;
import java.util.List;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * DataFlow's contribution to {@code /actuator/health}: details always; DOWN only on what the user
 * configured under {@code dataflow.health} (open alerts of named rules, schema drift). The database
 * being unreachable is the {@code db} indicator's to report.
 */
public class DataFlowHealthIndicator extends AbstractHealthIndicator {

    private final DataFlow db;
    private final SchemaCheck schema;
    private final DataFlowProperties.Health config;

    public DataFlowHealthIndicator(DataFlow db, SchemaCheck schema, DataFlowProperties.Health config) {
        super("DataFlow health check failed");
        this.db = db;
        this.schema = schema;
        this.config = config;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up();
        builder.withDetail("database", db.description());
        builder.withDetail("pool", db.poolStats());
        builder.withDetail("cache", db.cache().enabled() ? db.cache().config().backend() : "off");
        List<Alert> open = db.monitor().openAlerts();
        builder.withDetail("openAlerts", open.size());
        builder.withDetail("schemaUpToDate", schema.upToDate());
        List<String> down = config.getDownOnAlerts();
        List<String> firing = open.stream().map(Alert::rule).filter(r -> down.contains("*") || down.contains(r)).distinct().toList();
        if (!firing.isEmpty()) builder.down().withDetail("downBecause", "open alerts of " + firing);
        if (config.isDownOnSchemaDrift() && !schema.drift().isEmpty()) builder.down().withDetail("downBecause", "schema drift: " + schema.drift());
    }
}
