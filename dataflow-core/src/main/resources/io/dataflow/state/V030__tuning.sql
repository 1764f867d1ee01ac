-- Server settings DataFlow changed with ALTER SYSTEM: one row per apply, so a revert can restore what was there.
CREATE TABLE dataflow.tuning_runs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source      text NOT NULL,                        -- what applied it: the CLI command or the node
    applied_by  text NOT NULL DEFAULT current_user,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    status      text NOT NULL CHECK (status IN ('applying', 'applied', 'failed', 'reverted')),
    reverted_at timestamptz
);
-- One row per setting of a run. previous_auto_conf is the ALTER SYSTEM value before (null: there was
-- none, so a revert runs ALTER SYSTEM RESET); previous_value is the value that was in effect, for reports.
CREATE TABLE dataflow.tuning_changes (
    run_id             bigint NOT NULL REFERENCES dataflow.tuning_runs (id) ON DELETE CASCADE,
    position           int NOT NULL,
    name               text NOT NULL,
    previous_auto_conf text,
    previous_value     text,
    new_value          text NOT NULL,
    PRIMARY KEY (run_id, position)
);
