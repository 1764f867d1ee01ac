package io.dataflow.workflow;

import io.dataflow.DataFlow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One execution of a workflow. A single coordinator hands ready nodes to worker threads and
 * collects their results; when only one node can run it runs inline, so a chain of nodes costs no
 * thread hand-offs.
 */
final class Run {

    private final DataFlow db;
    private final Workflow workflow;
    private final Map<String, Object> params;
    private final RunOptions options;
    private final String runId;
    private final ExecutorService workers;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile String cancelReason = "the run was cancelled";
    private final Map<String, Thread> runningThreads = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> outputs = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Finished> finished = new LinkedBlockingQueue<>();

    private record Finished(String id, NodeResult result) {
    }

    Run(DataFlow db, Workflow workflow, Map<String, ?> params, RunOptions options, String runId, ExecutorService workers) {
        this.db = db;
        this.workflow = workflow;
        Map<String, Object> merged = new LinkedHashMap<>(workflow.params());
        merged.putAll(params);
        this.params = merged;
        this.options = options;
        this.runId = runId;
        this.workers = workers;
    }

    String runId() {
        return runId;
    }

    void cancel() {
        cancel("the run was cancelled");
    }

    /**
     * Stops the run: its statements are cancelled on the server (a JDBC call does not return on
     * an interrupt), its node threads interrupted, nodes not started yet are cancelled.
     */
    void cancel(String reason) {
        if (!cancelled.compareAndSet(false, true)) return;
        cancelReason = reason;
        if (db != null) db.cancelStatementsOf(this); // the connections its nodes took (see runNode)
        runningThreads.values().forEach(Thread::interrupt);
    }

    Results call() {
        ScheduledExecutorService timer = null;
        java.time.Duration timeout = timeout();
        if (timeout != null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dataflow-run-timeout");
                t.setDaemon(true);
                return t;
            });
            timer.schedule(() -> cancel("the run timed out after " + timeout.toMillis() + " ms"), timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        try {
            return coordinate();
        } finally {
            if (timer != null) timer.shutdownNow();
        }
    }

    /** The shorter of the run's timeout and the workflow's own {@code timeout_ms}. */
    private java.time.Duration timeout() {
        java.time.Duration a = options.timeout();
        java.time.Duration b = workflow.timeout();
        if (a == null) return b;
        return b == null || a.compareTo(b) <= 0 ? a : b;
    }

    private Results coordinate() {
        List<Workflow.Step> steps = workflow.steps();
        Map<String, Workflow.Step> byId = new HashMap<>();
        Map<String, Integer> waitingOn = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        Deque<String> ready = new ArrayDeque<>();
        for (Workflow.Step s : steps) {
            String id = s.spec().id();
            byId.put(id, s);
            waitingOn.put(id, s.upstream().size());
            for (String up : s.upstream()) dependents.computeIfAbsent(up, k -> new ArrayList<>()).add(id);
            if (s.upstream().isEmpty()) ready.add(id);
        }
        Map<String, NodeResult> results = new HashMap<>();
        int running = 0;
        while (results.size() < steps.size()) {
            if (cancelled.get()) {
                for (String id : ready) results.put(id, new NodeResult(NodeResult.Status.CANCELLED, Map.of(), 0, cancelReason));
                ready.clear();
                for (Workflow.Step s : steps) {
                    if (!results.containsKey(s.spec().id()) && !runningThreads.containsKey(s.spec().id()) && running == 0) {
                        results.put(s.spec().id(), new NodeResult(NodeResult.Status.CANCELLED, Map.of(), 0, cancelReason));
                    }
                }
                if (running == 0) break;
            }
            while (!ready.isEmpty() && running < options.parallelism() && !cancelled.get()) {
                String id = ready.poll();
                if (running == 0 && ready.isEmpty()) {
                    // inline: nothing else can run now. An interrupt of this (the caller's) thread is
                    // noticed by the watch, since a node blocked in JDBC would not see it.
                    Thread self = Thread.currentThread();
                    InterruptWatch.watch(self, () -> cancel("the run was interrupted"));
                    try {
                        finished.add(new Finished(id, runNode(byId.get(id))));
                    } finally {
                        InterruptWatch.unwatch(self);
                    }
                } else {
                    Workflow.Step step = byId.get(id);
                    workers.execute(() -> finished.add(new Finished(id, runNode(step))));
                }
                running++;
            }
            Finished done;
            try {
                done = finished.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                cancel("the run was interrupted");
                continue;
            }
            if (done == null) continue;
            running--;
            results.put(done.id(), done.result());
            if (done.result().ok()) outputs.put(done.id(), done.result().output());
            for (String next : dependents.getOrDefault(done.id(), List.of())) {
                if (results.containsKey(next)) continue;
                if (!done.result().ok()) {
                    skip(next, done.id(), dependents, results);
                } else if (waitingOn.merge(next, -1, Integer::sum) == 0) {
                    ready.add(next);
                }
            }
        }
        Map<String, NodeResult> ordered = new LinkedHashMap<>();
        for (Workflow.Step s : steps) ordered.put(s.spec().id(), results.get(s.spec().id()));
        return new Results(runId, ordered);
    }

    /** A node whose input failed does not run, nor does anything downstream of it. */
    private void skip(String id, String because, Map<String, List<String>> dependents, Map<String, NodeResult> results) {
        if (results.containsKey(id)) return;
        results.put(id, new NodeResult(NodeResult.Status.SKIPPED, Map.of(), 0, "upstream node '" + because + "' did not succeed"));
        for (String next : dependents.getOrDefault(id, List.of())) skip(next, because, dependents, results);
    }

    private NodeResult runNode(Workflow.Step step) {
        String id = step.spec().id();
        long start = System.nanoTime();
        runningThreads.put(id, Thread.currentThread());
        Object outerScope = io.dataflow.connect.BorrowedConnections.enter(this); // connections taken now are this run's
        try {
            if (cancelled.get()) return new NodeResult(NodeResult.Status.CANCELLED, Map.of(), 0, cancelReason);
            Map<String, Object> config = ConfigResolver.resolve(step, outputs, params);
            String where = "node '" + id + "' (" + step.spec().type() + ")";
            step.definition().schema().validate(where, "", config, Set.of(), v -> false);
            NodeContext context = new NodeContext(db, runId, id, params, options.progress(), cancelled::get);
            Map<String, Object> output = ScheduledNodes.isScheduled(step.definition(), config)
                    ? ScheduledNodes.register(context, step.spec().type(), config)
                    : step.definition().execute(context, config);
            return new NodeResult(NodeResult.Status.OK, output == null ? Map.of() : output, millis(start), null);
        } catch (InterruptedException e) {
            if (!cancelled.get()) cancel("the run was interrupted");
            return new NodeResult(NodeResult.Status.CANCELLED, Map.of(), millis(start), cancelReason);
        } catch (Throwable e) { // any fault of a node is that node's failure: an Error must not kill the thread the run waits on
            if (cancelled.get()) return new NodeResult(NodeResult.Status.CANCELLED, Map.of(), millis(start), cancelReason);
            return new NodeResult(NodeResult.Status.FAILED, Map.of(), millis(start), NodeFaults.describe(id, step.spec().type(), e));
        } finally {
            runningThreads.remove(id);
            // do not leak a cancellation interrupt into the pooled thread; an interrupt that is not
            // our own cancel (the caller's thread, a pool shut down) cancels the run
            if (Thread.interrupted() && !cancelled.get()) cancel("the run was interrupted");
            io.dataflow.connect.BorrowedConnections.exit(outerScope);
        }
    }

    private static double millis(long start) {
        return (System.nanoTime() - start) / 1_000_000.0;
    }
}
