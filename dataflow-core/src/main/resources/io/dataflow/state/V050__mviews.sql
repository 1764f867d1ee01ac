-- Materialized views DataFlow manages: their definition (to tell a redefinition from a re-run),
-- the incremental watermark, and the base-table change counters seen at the last refresh.
CREATE TABLE dataflow.mviews (
    name          text PRIMARY KEY,
    kind          text NOT NULL,              -- 'materialized' or 'incremental'
    definition    text NOT NULL,              -- the query as given, compared on re-run
    config        jsonb NOT NULL,
    watermark     timestamptz,                -- incremental: advanced in the merge's transaction
    last_refresh  timestamptz,
    base_counters jsonb,                      -- pg_stat_user_tables n_tup_ins+upd+del per base table at the last refresh
    created_at    timestamptz NOT NULL DEFAULT now()
);
-- Every refresh: when, how long, how many rows, and how it went.
CREATE TABLE dataflow.mview_refreshes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL,
    method      text NOT NULL,
    started_at  timestamptz NOT NULL,
    duration_ms double precision,
    rows        bigint,
    status      text NOT NULL,
    error       text
);
CREATE INDEX mview_refreshes_name_started_idx ON dataflow.mview_refreshes (name, started_at);
-- Updates, deletes and truncates of an incremental view's base table, written by its statement
-- triggers; a refresh that consumes one rebuilds the summary instead of merging.
CREATE TABLE dataflow.mview_invalidations (
    view_name  text NOT NULL,
    operation  text NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mview_invalidations_view_idx ON dataflow.mview_invalidations (view_name);
