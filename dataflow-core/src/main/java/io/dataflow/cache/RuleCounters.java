package io.dataflow.cache;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind one {@link RuleStats}. */
final class RuleCounters {

    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder stores = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder evictions = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder bypassed = new LongAdder();
    final LongAdder warmed = new LongAdder();

    RuleStats snapshot() {
        long h = hits.sum();
        long m = misses.sum();
        return new RuleStats(h, m, h + m == 0 ? 0 : (double) h / (h + m), stores.sum(), bytes.sum(), evictions.sum(),
                errors.sum(), bypassed.sum(), warmed.sum());
    }

    static RuleStats sum(Iterable<RuleCounters> all, long extraEvictions) {
        long h = 0, m = 0, s = 0, b = 0, e = extraEvictions, err = 0, by = 0, w = 0;
        for (RuleCounters c : all) {
            h += c.hits.sum();
            m += c.misses.sum();
            s += c.stores.sum();
            b += c.bytes.sum();
            e += c.evictions.sum();
            err += c.errors.sum();
            by += c.bypassed.sum();
            w += c.warmed.sum();
        }
        return new RuleStats(h, m, h + m == 0 ? 0 : (double) h / (h + m), s, b, e, err, by, w);
    }
}
