package io.dataflow.spring;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

/**
 * Refuses {@code dataflow.*} keys that bind to nothing (Boot's binder would ignore them silently), naming
 * the key and the accepted ones. Nested cache and monitor keys are checked by core's own readers.
 */
final class PropertyNames {

    /** Each section and the keys it accepts (empty: the section takes a value). */
    private static final Map<String, List<String>> ACCEPTED = Map.ofEntries(
            Map.entry("url", List.of()), Map.entry("models", List.of()), Map.entry("workflows", List.of()),
            // the monitor's top-level config keys (nested ones are checked by core's MonitorConfig) and the starter's interval
            Map.entry("monitor", List.of("interval", "metrics", "health-checks", "alerts", "retention", "slow-metrics-interval", "maintenance-window",
                    "top-queries", "sinks")),
            Map.entry("cache", List.of("enabled", "backend", "serialization", "compression", "key-strategy", "namespace", "redis-url", "redis-cluster",
                    "timeout-ms", "max-entries", "max-entry-bytes", "local-tier", "change-notifications", "failure-log-interval-seconds", "rules")),
            Map.entry("schema", List.of("sync")), Map.entry("scheduler", List.of("enabled", "tick")),
            Map.entry("health", List.of("down-on-alerts", "down-on-schema-drift")), Map.entry("pool", List.of("size", "max-overflow", "timeout")),
            Map.entry("advice", List.of("enabled", "interval", "wait", "timeout", "statements")),
            Map.entry("dashboard", List.of("enabled", "bind", "allow-actions", "user", "password", "token")));

    private static final List<String> RULE_KEYS = List.of("pattern", "ttl", "invalidate-on", "key-includes", "cache-warmer");

    private PropertyNames() {
    }

    static void check(Environment environment) {
        ConfigurationPropertyName root = ConfigurationPropertyName.of("dataflow");
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable) || fromTheProcess(source)) continue;
            iterable.filter(root::isAncestorOf).stream().forEach(PropertyNames::check);
        }
        String sync = environment.getProperty("dataflow.schema.sync");
        if (sync != null) {
            List<String> accepted = java.util.Arrays.stream(DataFlowProperties.SyncMode.values())
                    .map(m -> m.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')).toList();
            if (!accepted.contains(sync.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))) {
                throw new IllegalStateException("dataflow.schema.sync: '" + sync + "' is not accepted" + io.dataflow.config.DidYouMean.hint(sync, accepted)
                        + "; accepted: " + String.join(", ", accepted));
            }
        }
    }

    /**
     * Environment variables and JVM system properties are not the application's configuration files:
     * DataFlow's own runtime variables (DATAFLOW_TEST_URL, DATAFLOW_EMBEDDED_DIR, DATAFLOW_DEBUG, the
     * launcher's -Ddataflow.stderr.terminal) relax-bind to dataflow.* names and must not fail startup.
     */
    private static boolean fromTheProcess(ConfigurationPropertySource source) {
        return source.getUnderlyingSource() instanceof org.springframework.core.env.PropertySource<?> ps
                && (ps.getName().equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)
                || ps.getName().equals(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME));
    }

    private static void check(ConfigurationPropertyName name) {
        String section = name.getElement(1, ConfigurationPropertyName.Form.DASHED);
        List<String> keys = ACCEPTED.get(section);
        if (keys == null) throw unknown(name.toString(), "dataflow." + section, "dataflow", ACCEPTED.keySet());
        if (name.getNumberOfElements() == 2 || name.isLastElementIndexed() && name.getNumberOfElements() == 3) return;
        if (keys.isEmpty()) {
            if (name.isNumericIndex(2)) return; // models[0], workflows[1]
            throw new IllegalStateException("dataflow property " + name + ": dataflow." + section + " takes a value, not keys");
        }
        String key = name.getElement(2, ConfigurationPropertyName.Form.DASHED).replace('_', '-'); // the guide's snake_case too
        if (keys.stream().noneMatch(k -> uniform(k).equals(uniform(key)))) throw unknown(name.toString(), "dataflow." + section + "." + key, "dataflow." + section, keys);
        if (key.equals("rules") && name.getNumberOfElements() >= 5) {
            String ruleKey = name.getElement(4, ConfigurationPropertyName.Form.DASHED);
            if (!RULE_KEYS.contains(ruleKey)) throw unknown(name.toString(), "dataflow.cache.rules[]." + ruleKey, "dataflow.cache.rules[]", RULE_KEYS);
        }
    }

    /** Boot's relaxed form: top_queries, top-queries and topQueries are one key. */
    private static String uniform(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(java.util.Locale.ROOT);
    }

    private static IllegalStateException unknown(String property, String key, String parent, java.util.Collection<String> accepted) {
        String close = io.dataflow.config.DidYouMean.hint(key.substring(key.lastIndexOf('.') + 1), List.copyOf(accepted));
        return new IllegalStateException("unknown DataFlow property " + property + " (" + key + ")" + close
                + "; " + parent + " accepts: " + String.join(", ", new TreeSet<>(accepted).stream().map(k -> parent + "." + k).toList()));
    }
}
