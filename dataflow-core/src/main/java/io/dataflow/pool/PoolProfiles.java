package io.dataflow.pool;

import io.dataflow.config.ConfigException;
import java.util.EnumMap;
import java.util.Map;

/** The pool configuration per workload; {@link #guide()} is the guide's table, exactly. */
public record PoolProfiles(Map<Workload, PoolSettings> settings, boolean fromGuide) {

    public PoolProfiles {
        for (Workload w : Workload.values()) {
            if (!settings.containsKey(w)) throw new ConfigException("AdaptivePoolManager", w.configName(), "a pool configuration is required");
        }
        settings = Map.copyOf(new EnumMap<>(settings));
    }

    /** peak 100+50 (timeout 10s), normal 50+25 (30s), maintenance 20+10 (60s): clamped to the server when applied. */
    public static PoolProfiles guide() {
        return new PoolProfiles(Map.of(
                Workload.PEAK, new PoolSettings(100, 50, 10),
                Workload.NORMAL, new PoolSettings(50, 25, 30),
                Workload.MAINTENANCE, new PoolSettings(20, 10, 60)), true);
    }

    /** Explicit profiles: each must fit the server, or nothing is accepted. */
    public static PoolProfiles of(Map<Workload, PoolSettings> settings, int serverLimit) {
        settings.forEach((w, s) -> {
            if (s.maximum() > serverLimit) {
                throw new ConfigException("AdaptivePoolManager", w.configName(), "pool_size + pool_max_overflow = " + s.maximum()
                        + " exceeds the server limit of " + serverLimit + " (max_connections less reserved connections)");
            }
        });
        return new PoolProfiles(settings, false);
    }

    public PoolSettings of(Workload workload) {
        return settings.get(workload);
    }
}
