package io.dataflow.cache;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The cache's stats as Micrometer meters, per rule ({@code rule} tag, its pattern) in the registries
 * bound: {@code dataflow.cache.hits}, {@code .misses}, {@code .stores}, {@code .bytes}, {@code .evictions},
 * {@code .errors}, {@code .bypassed}, {@code .warmed} (function counters over the live counters, so
 * reading them costs the hit path nothing), and {@code dataflow.cache.available} (1 while the cache
 * server answers). Rules added later get their meters when they first appear.
 */
final class CacheMeters {

    private static final Map<String, Function<RuleCounters, LongAdder>> COUNTERS = Map.of(
            "hits", c -> c.hits, "misses", c -> c.misses, "stores", c -> c.stores, "bytes", c -> c.bytes,
            "evictions", c -> c.evictions, "errors", c -> c.errors, "bypassed", c -> c.bypassed, "warmed", c -> c.warmed);

    private final String backend;
    private final Supplier<Boolean> available;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    /** Rules whose meters exist in every bound registry. */
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    CacheMeters(String backend, Supplier<Boolean> available) {
        this.backend = backend;
        this.available = available;
    }

    synchronized void bindTo(MeterRegistry registry, Map<String, RuleCounters> rules) {
        registries.add(registry);
        Gauge.builder("dataflow.cache.available", available, a -> a.get() ? 1 : 0)
                .description("1 while the cache server answers, else 0").tag("backend", backend).register(registry);
        rules.forEach((name, counters) -> register(registry, name, counters));
    }

    /** Called when rules are set: meters for the ones not seen before, in every bound registry. */
    synchronized void rulesChanged(Map<String, RuleCounters> rules) {
        rules.forEach((name, counters) -> {
            if (registered.contains(name)) return;
            for (MeterRegistry r : registries) register(r, name, counters);
        });
    }

    private void register(MeterRegistry registry, String rule, RuleCounters counters) {
        Tags tags = Tags.of("backend", backend, "rule", rule);
        COUNTERS.forEach((name, field) -> {
            FunctionCounter.Builder<RuleCounters> b = FunctionCounter.builder("dataflow.cache." + name, counters, c -> field.apply(c).sum())
                    .description("query cache " + name + ", per rule").tags(tags);
            if (name.equals("bytes")) b.baseUnit("bytes");
            b.register(registry);
        });
        registered.add(rule);
    }
}
