package io.dataflow.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code dataflow.*} in {@code application.yaml}. Unknown keys under {@code dataflow} fail startup
 * ({@link PropertyNames}); the cache and monitor sections take the guide's {@code cache_config} and
 * monitor keys (kebab-case or snake_case) and are checked by core, naming a wrong key and what is accepted.
 */
@Validated
@ConfigurationProperties(prefix = "dataflow")
public class DataFlowProperties {

    /** A database of DataFlow's own (postgresql://... or jdbc:postgresql:...); unset: the application's DataSource. */
    private String url;

    /** YAML model files (Spring resource locations, e.g. classpath:models/shop.yaml) and/or packages scanned for @Model records. */
    private List<String> models = new ArrayList<>();

    private final Schema schema = new Schema();

    /** The guide's cache_config and the cache rules. */
    private final CacheProperties cache = new CacheProperties();

    /** The DatabasePerformanceMonitor's config: metrics, thresholds, alert rules, webhook, ...; with interval to collect in the background. */
    private Map<String, Object> monitor = new LinkedHashMap<>();

    private final Scheduler scheduler = new Scheduler();

    /** Workflow files (resource locations) run once at startup. */
    private List<String> workflows = new ArrayList<>();

    private final Health health = new Health();

    private final Pool pool = new Pool();

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public List<String> getModels() {
        return models;
    }

    public void setModels(List<String> models) {
        this.models = models;
    }

    public Schema getSchema() {
        return schema;
    }

    public CacheProperties getCache() {
        return cache;
    }

    public Map<String, Object> getMonitor() {
        return monitor;
    }

    public void setMonitor(Map<String, Object> monitor) {
        this.monitor = monitor;
    }

    public Scheduler getScheduler() {
        return scheduler;
    }

    public List<String> getWorkflows() {
        return workflows;
    }

    public void setWorkflows(List<String> workflows) {
        this.workflows = workflows;
    }

    public Health getHealth() {
        return health;
    }

    public Pool getPool() {
        return pool;
    }

    /** What happens to the models' tables at startup. */
    public enum SyncMode {
        /** Report drift and missing objects, change nothing (the production-safe default). */
        VALIDATE,
        /** Create missing tables, columns, partitions and indexes; report drift. */
        CREATE_MISSING,
        /** Do not look at the schema. */
        NONE
    }

    public static class Schema {
        /** validate (default: report drift, change nothing), create-missing or none. */
        private SyncMode sync = SyncMode.VALIDATE;

        public SyncMode getSync() {
            return sync;
        }

        public void setSync(SyncMode sync) {
            this.sync = sync;
        }
    }

    public static class Scheduler {
        /** Run DataFlow's scheduled jobs inside the application (once per tick across all instances on the database). */
        private boolean enabled = true;

        /** How often the scheduler looks for due jobs. */
        private Duration tick = Duration.ofSeconds(30);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getTick() {
            return tick;
        }

        public void setTick(Duration tick) {
            this.tick = tick;
        }
    }

    public static class Health {
        /** Alert rules (names, or * for any) whose open alerts turn the health DOWN; empty: alerts never do. */
        private List<String> downOnAlerts = new ArrayList<>();

        /** Turn the health DOWN while the models' tables drift from the database (validate mode). */
        private boolean downOnSchemaDrift = false;

        public List<String> getDownOnAlerts() {
            return downOnAlerts;
        }

        public void setDownOnAlerts(List<String> downOnAlerts) {
            this.downOnAlerts = downOnAlerts;
        }

        public boolean isDownOnSchemaDrift() {
            return downOnSchemaDrift;
        }

        public void setDownOnSchemaDrift(boolean downOnSchemaDrift) {
            this.downOnSchemaDrift = downOnSchemaDrift;
        }
    }

    /** DataFlow's own pool, used only with dataflow.url. */
    public static class Pool {
        /** Connections kept open. */
        private int size = 10;
        /** Extra connections allowed under load. */
        private int maxOverflow = 5;
        /** Seconds to wait for a connection. */
        private double timeout = 30;

        public int getSize() {
            return size;
        }

        public void setSize(int size) {
            this.size = size;
        }

        public int getMaxOverflow() {
            return maxOverflow;
        }

        public void setMaxOverflow(int maxOverflow) {
            this.maxOverflow = maxOverflow;
        }

        public double getTimeout() {
            return timeout;
        }

        public void setTimeout(double timeout) {
            this.timeout = timeout;
        }
    }
}
