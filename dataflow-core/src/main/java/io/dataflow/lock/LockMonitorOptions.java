package io.dataflow.lock;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a lock check looks at (the guide's LockMonitorNode config).
 *
 * @param track           which of lock_waits, deadlocks, long_held_locks, lock_escalations to report
 * @param waitTimeMs      report sessions that have waited at least this long for a lock
 * @param holdTimeS       report transactions that have held locks at least this long
 * @param blockingQueries include the query text of waiting and blocking sessions
 * @param waitGraphs      include the wait graph (tree, JSON, Graphviz DOT)
 * @param queryPlans      EXPLAIN (without ANALYZE) the blocked queries
 */
public record LockMonitorOptions(Set<Track> track, double waitTimeMs, double holdTimeS, boolean blockingQueries, boolean waitGraphs,
                                 boolean queryPlans) {

    public enum Track {
        LOCK_WAITS, DEADLOCKS, LONG_HELD_LOCKS, LOCK_ESCALATIONS;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static List<String> configNames() {
            return Arrays.stream(values()).map(Track::configName).toList();
        }

        public static Optional<Track> byConfigName(String name) {
            return Arrays.stream(values()).filter(t -> t.configName().equals(name)).findFirst();
        }
    }

    public static final double DEFAULT_WAIT_TIME_MS = 1000;
    public static final double DEFAULT_HOLD_TIME_S = 5;

    public LockMonitorOptions {
        track = track.isEmpty() ? EnumSet.noneOf(Track.class) : EnumSet.copyOf(track);
        if (waitTimeMs < 0) throw new IllegalArgumentException("wait_time_ms must be 0 or more, got " + waitTimeMs);
        if (holdTimeS < 0) throw new IllegalArgumentException("hold_time_s must be 0 or more, got " + holdTimeS);
    }

    /** Everything tracked, the guide's thresholds (1 s wait, 5 s hold), queries and graphs captured, no plans. */
    public static LockMonitorOptions defaults() {
        return new LockMonitorOptions(EnumSet.allOf(Track.class), DEFAULT_WAIT_TIME_MS, DEFAULT_HOLD_TIME_S, true, true, false);
    }

    public boolean tracks(Track t) {
        return track.contains(t);
    }

    public LockMonitorOptions withTrack(Set<Track> value) {
        return new LockMonitorOptions(value, waitTimeMs, holdTimeS, blockingQueries, waitGraphs, queryPlans);
    }

    public LockMonitorOptions withThresholds(double waitMs, double holdS) {
        return new LockMonitorOptions(track, waitMs, holdS, blockingQueries, waitGraphs, queryPlans);
    }

    public LockMonitorOptions withCapture(boolean queries, boolean graphs, boolean plans) {
        return new LockMonitorOptions(track, waitTimeMs, holdTimeS, queries, graphs, plans);
    }
}
