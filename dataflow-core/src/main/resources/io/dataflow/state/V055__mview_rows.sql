-- An incremental view's row count, kept by each merge (counting a large summary on every refresh
-- would cost more than the merge itself); set exactly by the fill and by every rebuild.
ALTER TABLE dataflow.mviews ADD COLUMN row_count bigint;
