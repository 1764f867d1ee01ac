package io.dataflow.bench;

import java.util.Arrays;

/**
 * The cache-hit comparison of {@link CacheBenchmark} interleaved, for a machine shared with other
 * work: each round times a batch of raw Lettuce GETs of the entry's bytes, then a batch of
 * {@code db.query} hits (Redis and memory), then a few uncached dashboard runs, so every variant sees
 * the same load. Prints per-round medians and the median of the per-round ratios.
 * Args: rounds (default 7), batch size (default 2000).
 */
public final class CacheHitLatency {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        CacheBenchmark b = new CacheBenchmark();
        b.setUp();
        try {
            double[] rawMed = new double[rounds], hitMed = new double[rounds], memMed = new double[rounds], dbMed = new double[rounds];
            for (int warm = 0; warm < batch * 2; warm++) {
                b.rawLettuceGet();
                b.cacheHitRedis();
                b.cacheHitMemory();
            }
            System.out.println("| round | raw Lettuce GET µs | db.query hit, Redis µs | ratio | db.query hit, memory µs | uncached dashboard µs |");
            System.out.println("|---|---|---|---|---|---|");
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                rawMed[r] = median(batch, b::rawLettuceGet);
                hitMed[r] = median(batch, b::cacheHitRedis);
                memMed[r] = median(batch, b::cacheHitMemory);
                dbMed[r] = median(5, b::uncachedDashboard);
                ratios[r] = hitMed[r] / rawMed[r];
                System.out.printf("| %d | %.1f | %.1f | %.2fx | %.1f | %.0f |%n", r + 1, rawMed[r], hitMed[r], ratios[r], memMed[r], dbMed[r]);
            }
            System.out.printf("| **median** | **%.1f** | **%.1f** | **%.2fx** | **%.1f** | **%.0f** |%n",
                    med(rawMed), med(hitMed), med(ratios), med(memMed), med(dbMed));
            System.out.printf("%nuncached / Redis hit: %.0fx; uncached / memory hit: %.0fx%n", med(dbMed) / med(hitMed), med(dbMed) / med(memMed));
        } finally {
            b.tearDown();
        }
    }

    private static double median(int n, Runnable op) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            op.run();
            t[i] = (System.nanoTime() - s) / 1000.0;
        }
        return med(t);
    }

    private static double med(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
