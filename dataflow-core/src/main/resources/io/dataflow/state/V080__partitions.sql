-- Partition lifecycle: one row per partition DataFlow has touched. Each step of maintenance commits
-- its outcome here before the next one starts, so an interrupted run resumes where it stopped.
CREATE TABLE dataflow.partitions (
    parent_table     text        NOT NULL,
    partition        text        NOT NULL,
    lower_bound      text,
    upper_bound      text,
    state            text        NOT NULL DEFAULT 'active'
                     CHECK (state IN ('active', 'compressed', 'exported', 'archived', 'detached', 'dropped', 'restored')),
    compressed_at    timestamptz,
    bytes_before     bigint,
    bytes_after      bigint,
    archive_uri      text,
    manifest_uri     text,
    archive_format   text,
    archive_codec    text,
    archive_rows     bigint,
    archive_checksum text,
    archive_bytes    bigint,
    exported_at      timestamptz,
    verified_at      timestamptz,
    detached_at      timestamptz,
    dropped_at       timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (parent_table, partition)
);

-- What each maintenance step did, for `partitions status` and audits.
CREATE TABLE dataflow.partition_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_table text        NOT NULL,
    partition    text,
    step         text        NOT NULL,
    detail       text        NOT NULL,
    at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX partition_log_table ON dataflow.partition_log (parent_table, at);
