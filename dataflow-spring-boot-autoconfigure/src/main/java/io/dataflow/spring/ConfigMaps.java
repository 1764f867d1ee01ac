package io.dataflow.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a bound {@code dataflow.cache}/{@code dataflow.monitor} section into the guide's config map (snake_case keys, lists). */
final class ConfigMaps {

    private ConfigMaps() {
    }

    static Map<String, Object> guideKeys(Map<String, ?> bound) {
        Map<String, Object> out = new LinkedHashMap<>();
        bound.forEach((k, v) -> out.put(k.replace('-', '_'), value(v)));
        return out;
    }

    private static Object value(Object v) {
        if (v instanceof Map<?, ?> m) {
            // Boot binds list[0] under a Map<String, Object> as keys "0", "1", ...: those are lists.
            if (!m.isEmpty() && m.keySet().stream().allMatch(k -> String.valueOf(k).matches("\\d+"))) {
                List<Object> list = new ArrayList<>();
                m.entrySet().stream().sorted(java.util.Comparator.comparingInt(e -> Integer.parseInt(String.valueOf(e.getKey()))))
                        .forEach(e -> list.add(value(e.getValue())));
                return list;
            }
            @SuppressWarnings("unchecked") Map<String, ?> typed = (Map<String, ?>) m;
            return guideKeys(typed);
        }
        if (v instanceof List<?> l) return l.stream().map(ConfigMaps::value).toList();
        if (v instanceof String s) return scalar(s);
        return v;
    }

    /** Properties arrive as text; the guide's readers expect numbers and booleans as such. */
    private static Object scalar(String s) {
        if (s.equals("true") || s.equals("false")) return Boolean.valueOf(s);
        if (s.matches("-?\\d{1,18}")) return Long.valueOf(s);
        if (s.matches("-?\\d+\\.\\d+")) return Double.valueOf(s);
        return s;
    }
}
