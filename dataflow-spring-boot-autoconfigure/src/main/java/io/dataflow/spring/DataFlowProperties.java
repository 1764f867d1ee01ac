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

    private final Advice advice = new Advice();

    private final Dashboard dashboard = new Dashboard();

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

    public Advice getAdvice() {
        return advice;
    }

    public Dashboard getDashboard() {
        return dashboard;
    }

    /** The web dashboard (needs io.dataflow:dataflow-dashboard), served on its own port. */
    public static class Dashboard {
        /** Start the dashboard with the application. */
        private boolean enabled = false;
        /** HOST:PORT or PORT the dashboard listens on (its own server, not the application's); anything but loopback needs credentials. */
        private String bind = "127.0.0.1:8081";
        /** Offer actions (cancel, terminate, create index, VACUUM, ...); read-only otherwise. */
        private boolean allowActions = false;
        /** Basic-auth user (with password). */
        private String user;
        /** Basic-auth password (with user). */
        private String password;
        /** A bearer token (Authorization: Bearer ..., or ?token= once, then a cookie). */
        private String token;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getBind() {
            return bind;
        }

        public void setBind(String bind) {
            this.bind = bind;
        }

        public boolean isAllowActions() {
            return allowActions;
        }

        public void setAllowActions(boolean allowActions) {
            this.allowActions = allowActions;
        }

        public String getUser() {
            return user;
        }

        public void setUser(String user) {
            this.user = user;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }
    }

    /** The latest index advice shown by /actuator/dataflow (db.advisor() on pg_stat_statements' top statements). */
    public static class Advice {
        /** Compute advice for the endpoint at all. */
        private boolean enabled = true;
        /** How long one computed advice is shown before the next request computes it again. */
        private Duration interval = Duration.ofMinutes(10);
        /** How long a request to the endpoint waits for a computation; after that it shows the previous advice or "computing". */
        private Duration wait = Duration.ofSeconds(2);
        /** The advisor's own time limit for one computation. */
        private Duration timeout = Duration.ofSeconds(60);
        /** How many of pg_stat_statements' statements (most total time first) are advised on. */
        private int statements = 20;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public Duration getWait() {
            return wait;
        }

        public void setWait(Duration wait) {
            this.wait = wait;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public int getStatements() {
            return statements;
        }

        public void setStatements(int statements) {
            this.statements = statements;
        }
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
