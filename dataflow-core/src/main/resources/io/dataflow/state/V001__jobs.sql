-- Scheduled jobs: what to run, when, and how the last run went. One row per job name.
CREATE TABLE dataflow.jobs (
    name             text PRIMARY KEY,
    schedule         text NOT NULL,
    maintenance_window text,
    node_type        text NOT NULL,
    config           jsonb NOT NULL,
    next_run         timestamptz NOT NULL,
    last_run         timestamptz,
    last_status      text,
    last_error       text,
    last_duration_ms double precision,
    run_count        bigint NOT NULL DEFAULT 0,
    running_since    timestamptz,
    running_by       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
-- Every run, for history and for proving exactly-once execution.
CREATE TABLE dataflow.job_runs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_name    text NOT NULL,
    scheduled_for timestamptz NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    status      text NOT NULL,
    error       text,
    instance    text NOT NULL,
    output      jsonb
);
CREATE INDEX job_runs_job_started_idx ON dataflow.job_runs (job_name, started_at);
