package io.dataflow.cache;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import io.dataflow.config.DidYouMean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One of SmartCacheNode's {@code rules}: queries whose SQL matches {@code pattern} are cached for
 * {@code ttl}. Without {@code invalidate_on} an entry is dropped by any write to a table the query
 * reads; with it, only by the listed writes (the guide's {@code products.update}, {@code orders.*}).
 *
 * @param pattern      matched against the whole SQL (case-insensitive, across lines)
 * @param ttl          how long an entry lives; zero means matching queries are never cached
 * @param invalidateOn the writes that drop entries, or empty for "any write to a table read"
 * @param cacheWarmer  re-run this rule's recently hit queries before their entries expire
 * @param keyIncludes  context values that become part of the key (e.g. {@code user_id})
 */
public record CacheRule(Pattern pattern, Duration ttl, List<Dependency> invalidateOn, boolean cacheWarmer, List<String> keyIncludes) {

    static final List<String> KEYS = List.of("pattern", "ttl", "invalidate_on", "cache_warmer", "key_includes");

    public CacheRule {
        invalidateOn = List.copyOf(invalidateOn);
        keyIncludes = List.copyOf(keyIncludes);
    }

    /** The rule's name in stats: its pattern as written. */
    public String name() {
        return pattern.pattern();
    }

    public boolean matches(String sql) {
        return pattern.matcher(sql).matches();
    }

    /** Parses the guide's {@code rules} list; {@code where} names the node. */
    public static List<CacheRule> parseAll(List<?> rules, String where) {
        List<CacheRule> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Object item = rules.get(i);
            String key = "rules[" + i + "]";
            if (!(item instanceof Map<?, ?> m)) throw new ConfigException(where, key, "must be a mapping, got " + ConfigReader.describe(item));
            out.add(parse(ConfigReader.of(where, Map.of(key, m)).section(key)));
        }
        return List.copyOf(out);
    }

    static CacheRule parse(ConfigReader r) {
        for (String k : r.keys()) {
            if (!KEYS.contains(k)) throw r.error(k, "unknown key" + DidYouMean.hint(k, KEYS) + "; accepted keys: " + String.join(", ", KEYS));
        }
        String text = r.string("pattern");
        Pattern pattern;
        try {
            pattern = Pattern.compile(text, Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw r.error("pattern", "'" + text + "' is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
        Object ttlValue = r.value("ttl");
        if (ttlValue == null) throw r.error("ttl", "is required: seconds an entry lives (e.g. 3600)");
        double seconds = r.optNumber("ttl").orElseThrow();
        if (seconds < 0) throw r.error("ttl", "must not be negative, got " + ttlValue + " (seconds; 0 means do not cache)");
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) throw r.error("ttl", "must be a number of seconds, got " + ttlValue);
        List<Dependency> deps = new ArrayList<>();
        List<String> on = r.optStringList("invalidate_on").orElse(List.of());
        for (int i = 0; i < on.size(); i++) deps.add(Dependency.parse(on.get(i), r.where(), r.path("invalidate_on[" + i + "]")));
        List<String> includes = r.optStringList("key_includes").orElse(List.of());
        for (int i = 0; i < includes.size(); i++) {
            if (!includes.get(i).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw r.error("key_includes[" + i + "]", "'" + includes.get(i) + "' is not a parameter name (letters, digits, _)");
            }
        }
        return new CacheRule(pattern, Duration.ofMillis(Math.round(seconds * 1000)), deps, r.bool("cache_warmer", false), includes);
    }
}
