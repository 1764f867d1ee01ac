package io.dataflow.it.cache;

import io.dataflow.it.TestServers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.provider.Arguments;

/** The cache backends the suite runs on: in-process, the shared Redis, and the three-master Redis Cluster. */
enum CacheBackend {
    MEMORY, REDIS, REDIS_CLUSTER;

    /** A cache_config of this backend with a namespace of its own (tests never see each other's keys or counters). */
    Map<String, Object> config(Map<String, Object> extra) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("enabled", true);
        c.put("namespace", "dftest:" + UUID.randomUUID().toString().substring(0, 8));
        switch (this) {
            case MEMORY -> c.put("backend", "memory");
            case REDIS -> {
                c.put("backend", "redis");
                c.put("redis_url", TestRedis.standalone());
            }
            case REDIS_CLUSTER -> {
                c.put("backend", "redis");
                c.put("redis_url", TestRedis.cluster());
                c.put("redis_cluster", true);
            }
        }
        c.put("timeout_ms", 2000); // two cores shared with other suites: do not mistake load for an outage
        c.putAll(extra);
        return c;
    }

    boolean shared() {
        return this != MEMORY;
    }

    @Override
    public String toString() {
        return name().toLowerCase().replace('_', ' ');
    }

    /** Every server × every backend. */
    static List<Arguments> everywhere() {
        List<Arguments> out = new ArrayList<>();
        for (TestServers.Server s : TestServers.servers()) for (CacheBackend b : values()) out.add(Arguments.of(s, b));
        return out;
    }

    /** Every server × the Redis backends (instances sharing a cache server). */
    static List<Arguments> sharing() {
        List<Arguments> out = new ArrayList<>();
        for (TestServers.Server s : TestServers.servers()) for (CacheBackend b : values()) if (b.shared()) out.add(Arguments.of(s, b));
        return out;
    }
}
