package io.dataflow.pool;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** The last N samples of demand, and what they say: PEAK, NORMAL or MAINTENANCE (quiet). */
final class DemandWindow {

    private final int size;
    private final Deque<DemandSample> samples = new ArrayDeque<>();

    DemandWindow(int size) {
        this.size = Math.max(1, size);
    }

    synchronized void add(DemandSample sample) {
        samples.addLast(sample);
        while (samples.size() > size) samples.removeFirst();
    }

    synchronized int count() {
        return samples.size();
    }

    synchronized double meanUtilization() {
        return samples.stream().mapToDouble(DemandSample::utilization).average().orElse(0);
    }

    synchronized double meanWaiting() {
        return samples.stream().mapToInt(DemandSample::threadsWaiting).average().orElse(0);
    }

    synchronized double p99AcquireMs() {
        return samples.stream().mapToDouble(DemandSample::p99AcquireMs).max().orElse(0);
    }

    /** Empty until there are enough samples to trust. */
    synchronized Optional<Workload> classify(DemandThresholds t) {
        if (samples.size() < t.minSamples()) return Optional.empty();
        double u = meanUtilization();
        double waiting = meanWaiting();
        if (u >= t.busyUtilization() || waiting >= 1 || p99AcquireMs() >= t.slowAcquireMs()) return Optional.of(Workload.PEAK);
        if (u <= t.quietUtilization() && waiting == 0) return Optional.of(Workload.MAINTENANCE);
        return Optional.of(Workload.NORMAL);
    }

    synchronized String describe() {
        return String.format(java.util.Locale.ROOT, "%d samples: utilization %.0f%%, %.1f threads waiting, p99 acquisition %.1f ms",
                samples.size(), meanUtilization() * 100, meanWaiting(), p99AcquireMs());
    }
}
