-- Query-result cache: the trigger function behind change_notifications. Installed on the
-- invalidate_on tables, it tells every DataFlow listening on channel dataflow_cache which table
-- changed and how ('public.products.update'), once per statement, when the transaction commits.
CREATE OR REPLACE FUNCTION dataflow.cache_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('dataflow_cache', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME || '.' || lower(TG_OP));
    RETURN NULL;
END
$$;
