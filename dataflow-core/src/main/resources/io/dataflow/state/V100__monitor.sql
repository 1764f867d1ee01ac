-- DatabasePerformanceMonitor: metric history (for trends and baselines), pg_stat_statements counters
-- (so deltas survive restarts) and alerts (one open alert per cause).
CREATE TABLE dataflow.monitor_samples (
    sampled_at timestamptz NOT NULL,
    metric     text NOT NULL,
    subject    text NOT NULL DEFAULT '',
    value      double precision NOT NULL
);
CREATE INDEX monitor_samples_metric ON dataflow.monitor_samples (metric, subject, sampled_at);
CREATE INDEX monitor_samples_time ON dataflow.monitor_samples (sampled_at);

-- One row per normalized statement per collection: the change of its pg_stat_statements counters.
CREATE TABLE dataflow.monitor_query_samples (
    sampled_at      timestamptz NOT NULL,
    queryid         bigint NOT NULL,
    calls           bigint NOT NULL,
    total_ms        double precision NOT NULL,
    rows            bigint NOT NULL,
    shared_blks_hit bigint NOT NULL,
    shared_blks_read bigint NOT NULL,
    plan_ms         double precision NOT NULL
);
CREATE INDEX monitor_query_samples_query ON dataflow.monitor_query_samples (queryid, sampled_at);
CREATE INDEX monitor_query_samples_time ON dataflow.monitor_query_samples (sampled_at);

-- The normalized text of each statement seen (kept once, not per sample).
CREATE TABLE dataflow.monitor_queries (
    queryid    bigint PRIMARY KEY,
    query      text NOT NULL,
    last_seen  timestamptz NOT NULL
);

-- pg_stat_statements' cumulative counters at the previous collection, summed per queryid.
CREATE TABLE dataflow.monitor_statement_counters (
    queryid          bigint PRIMARY KEY,
    calls            bigint NOT NULL,
    total_ms         double precision NOT NULL,
    rows             bigint NOT NULL,
    shared_blks_hit  bigint NOT NULL,
    shared_blks_read bigint NOT NULL,
    plan_ms          double precision NOT NULL,
    sampled_at       timestamptz NOT NULL
);

CREATE TABLE dataflow.monitor_alerts (
    id               bigserial PRIMARY KEY,
    rule             text NOT NULL,
    cause            text NOT NULL,
    subject          text NOT NULL DEFAULT '',
    message          text NOT NULL,
    value            double precision,
    threshold        double precision,
    action           text,
    action_result    text,
    fired_at         timestamptz NOT NULL,
    resolved_at      timestamptz,
    resolved_message text
);
-- No storms: at most one open alert per cause, across every instance sharing the database.
CREATE UNIQUE INDEX monitor_alerts_one_open ON dataflow.monitor_alerts (cause) WHERE resolved_at IS NULL;
