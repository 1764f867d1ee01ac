-- The lock monitor's memory between checks, per database: the deadlock counter it last saw (and
-- when statistics were last reset, to notice a reset), and how far into the server log it has read.
CREATE TABLE dataflow.lock_monitor_state (
    database     text PRIMARY KEY,
    deadlocks    bigint NOT NULL,
    stats_reset  timestamptz,
    log_file     text,
    log_offset   bigint,
    checked_at   timestamptz NOT NULL
);
