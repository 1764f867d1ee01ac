package io.dataflow.workflow;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.config.DidYouMean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The keys a node (or a nested section of its config) accepts. */
public final class ConfigSchema {

    private final Map<String, KeySpec> keys = new LinkedHashMap<>();
    private final boolean openKeys;

    private ConfigSchema(List<KeySpec> keys, boolean openKeys) {
        keys.forEach(k -> this.keys.put(k.name(), k));
        this.openKeys = openKeys;
    }

    public static ConfigSchema of(KeySpec... keys) {
        return new ConfigSchema(List.of(keys), false);
    }

    public static ConfigSchema of(List<KeySpec> keys) {
        return new ConfigSchema(keys, false);
    }

    /** A schema that also accepts keys it does not list (values of any type). */
    public static ConfigSchema open(KeySpec... keys) {
        return new ConfigSchema(List.of(keys), true);
    }

    /** Whether keys beyond the listed ones are accepted. */
    public boolean isOpen() {
        return openKeys;
    }

    public Collection<KeySpec> keys() {
        return keys.values();
    }

    public KeySpec key(String name) {
        return keys.get(name);
    }

    /**
     * Checks a config against the schema. Values for which {@code deferred} is true (references to
     * other nodes' outputs, not yet known) are checked only for presence; {@code provided} lists
     * keys that connections will fill.
     */
    public void validate(String where, String prefix, Map<String, ?> config, Collection<String> provided,
                         java.util.function.Predicate<Object> deferred) {
        for (String k : config.keySet()) {
            if (!keys.containsKey(k) && !openKeys) {
                throw new ConfigException(where, path(prefix, k), "unknown key" + DidYouMean.hint(k, keys.keySet())
                        + "; accepted keys: " + String.join(", ", keys.keySet()));
            }
        }
        for (KeySpec spec : keys.values()) {
            Object value = config.get(spec.name());
            String key = path(prefix, spec.name());
            if (value == null) {
                if (spec.required() && !provided.contains(key)) throw new ConfigException(where, key, "is required: " + spec.description());
                continue;
            }
            if (deferred.test(value)) continue;
            checkValue(where, key, spec, value, deferred);
        }
    }

    private void checkValue(String where, String key, KeySpec spec, Object value, java.util.function.Predicate<Object> deferred) {
        if (!spec.type().accepts(value)) {
            throw new ConfigException(where, key, "must be " + article(spec.type()) + ", got " + ConfigReader.describe(value));
        }
        if (!spec.allowed().isEmpty()) {
            List<Object> values = value instanceof List<?> l ? new ArrayList<>(l) : List.of(value);
            for (Object v : values) {
                if (deferred.test(v)) continue;
                if (!(v instanceof String s) || !spec.allowed().contains(s)) {
                    throw new ConfigException(where, key, ConfigReader.describe(v) + " is not accepted" + (v instanceof String s
                            ? DidYouMean.hint(s, spec.allowed()) : "") + "; accepted: " + String.join(", ", spec.allowed()));
                }
            }
        }
        if (spec.nested() != null) {
            if (value instanceof Map<?, ?> m) {
                spec.nested().validate(where, key, asMap(where, key, m), List.of(), deferred);
            } else if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    Object item = list.get(i);
                    if (deferred.test(item)) continue;
                    if (!(item instanceof Map<?, ?> m)) {
                        throw new ConfigException(where, key + "[" + i + "]", "must be a mapping, got " + ConfigReader.describe(item));
                    }
                    spec.nested().validate(where, key + "[" + i + "]", asMap(where, key, m), List.of(), deferred);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> asMap(String where, String key, Map<?, ?> m) {
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) throw new ConfigException(where, key, "keys must be text, got " + ConfigReader.describe(k));
        }
        return (Map<String, ?>) m;
    }

    /** Fills defaults for keys that are not set (top level only; nested sections keep what they have). */
    public Map<String, Object> withDefaults(Map<String, ?> config) {
        Map<String, Object> out = new LinkedHashMap<>(config);
        for (KeySpec spec : keys.values()) {
            if (!out.containsKey(spec.name()) && spec.defaultValue() != null) out.put(spec.name(), spec.defaultValue());
        }
        return out;
    }

    private static String path(String prefix, String key) {
        return prefix == null || prefix.isEmpty() ? key : prefix + "." + key;
    }

    private static String article(ValueType t) {
        return switch (t) {
            case INTEGER, LIST, MAP, NUMBER -> "a " + t.description();
            case ANY -> t.description();
            default -> t.description();
        };
    }
}
