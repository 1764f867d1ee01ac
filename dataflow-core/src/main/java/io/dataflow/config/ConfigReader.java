package io.dataflow.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, validating reads from a config map (from YAML, JSON or Java {@code Map.of}). Every error
 * names the place ({@code where}), the full dotted key and what would have been accepted.
 */
public final class ConfigReader {

    private final String where;
    private final String prefix;
    private final Map<String, ?> map;

    private ConfigReader(String where, String prefix, Map<String, ?> map) {
        this.where = where;
        this.prefix = prefix;
        this.map = map == null ? Map.of() : map;
    }

    public static ConfigReader of(String where, Map<String, ?> map) {
        return new ConfigReader(where, "", map);
    }

    public String where() {
        return where;
    }

    public Map<String, ?> raw() {
        return map;
    }

    /** The full dotted path of a key in this section. */
    public String path(String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    public ConfigException error(String key, String problem) {
        return new ConfigException(where, key == null ? (prefix.isEmpty() ? null : prefix) : path(key), problem);
    }

    /** Refuses keys outside {@code allowed}, suggesting the nearest known key. */
    public ConfigReader allowOnly(Collection<String> allowed) {
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                throw error(key, "unknown key" + DidYouMean.hint(key, allowed)
                        + "; accepted keys: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        return this;
    }

    public boolean has(String key) {
        return map.containsKey(key) && map.get(key) != null;
    }

    public Set<String> keys() {
        return map.keySet();
    }

    public Object value(String key) {
        return map.get(key);
    }

    public String string(String key) {
        return optString(key).orElseThrow(() -> error(key, "is required (a text value)"));
    }

    public Optional<String> optString(String key) {
        Object v = map.get(key);
        if (v == null) return Optional.empty();
        if (v instanceof String s) {
            if (s.isBlank()) throw error(key, "must not be empty");
            return Optional.of(s);
        }
        throw error(key, "must be a text value, got " + describe(v));
    }

    public int integer(String key, int defaultValue) {
        return optInteger(key).orElse(defaultValue);
    }

    public Optional<Integer> optInteger(String key) {
        Object v = map.get(key);
        if (v == null) return Optional.empty();
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            long l = ((Number) v).longValue();
            if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) throw error(key, "is out of range: " + l);
            return Optional.of((int) l);
        }
        if (v instanceof String s && s.matches("-?\\d{1,9}")) return Optional.of(Integer.parseInt(s));
        throw error(key, "must be a whole number, got " + describe(v));
    }

    public Optional<Double> optNumber(String key) {
        Object v = map.get(key);
        if (v == null) return Optional.empty();
        if (v instanceof Number n) return Optional.of(n.doubleValue());
        if (v instanceof String s) {
            try {
                return Optional.of(Double.parseDouble(s));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw error(key, "must be a number, got " + describe(v));
    }

    public boolean bool(String key, boolean defaultValue) {
        Object v = map.get(key);
        if (v == null) return defaultValue;
        if (v instanceof Boolean b) return b;
        if ("true".equals(v) || "false".equals(v)) return Boolean.parseBoolean((String) v);
        throw error(key, "must be true or false, got " + describe(v));
    }

    public List<String> stringList(String key) {
        return optStringList(key).orElseThrow(() -> error(key, "is required (a list of text values)"));
    }

    public Optional<List<String>> optStringList(String key) {
        Object v = map.get(key);
        if (v == null) return Optional.empty();
        if (!(v instanceof List<?> list)) throw error(key, "must be a list of text values, got " + describe(v));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (!(item instanceof String s) || s.isBlank()) {
                throw error(key + "[" + i + "]", "must be a non-empty text value, got " + describe(item));
            }
            out.add(s);
        }
        return Optional.of(List.copyOf(out));
    }

    public List<?> list(String key) {
        Object v = map.get(key);
        if (v == null) return List.of();
        if (v instanceof List<?> l) return l;
        throw error(key, "must be a list, got " + describe(v));
    }

    public Optional<ConfigReader> optSection(String key) {
        Object v = map.get(key);
        if (v == null) return Optional.empty();
        return Optional.of(new ConfigReader(where, path(key), asMap(key, v)));
    }

    public ConfigReader section(String key) {
        return optSection(key).orElseThrow(() -> error(key, "is required (a mapping of keys to values)"));
    }

    /** A section whose entries are themselves sections (e.g. {@code tables: {name: {...}}}). */
    public Map<String, ConfigReader> sections(String key) {
        Map<String, ConfigReader> out = new LinkedHashMap<>();
        optSection(key).ifPresent(s -> s.map.forEach((k, v) -> out.put(k, new ConfigReader(where, s.path(k), s.asMap(k, v)))));
        return out;
    }

    /** A reader over a nested map found inside a list, e.g. {@code indexes[2]}. */
    public ConfigReader child(String pathSegment, Object value) {
        return new ConfigReader(where, path(pathSegment), asMap(pathSegment, value));
    }

    public ConfigReader withWhere(String newWhere) {
        return new ConfigReader(newWhere, prefix, map);
    }

    @SuppressWarnings("unchecked")
    private Map<String, ?> asMap(String key, Object v) {
        if (v instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (!(k instanceof String)) throw error(key, "keys must be text, got " + describe(k));
            }
            return (Map<String, ?>) m;
        }
        throw error(key, "must be a mapping of keys to values, got " + describe(v));
    }

    public static String describe(Object v) {
        if (v == null) return "nothing";
        if (v instanceof String s) return "text '" + s + "'";
        if (v instanceof Boolean b) return "boolean " + b;
        if (v instanceof Number n) return "number " + n;
        if (v instanceof List<?>) return "a list";
        if (v instanceof Map<?, ?>) return "a mapping";
        return v.getClass().getSimpleName();
    }
}
