package io.dataflow.lock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryPlansTest {

    @Test
    void plainStatementsArePlanned() {
        assertThat(QueryPlans.refusal("UPDATE accounts SET v = v + 1 WHERE id = 1")).isEmpty();
        assertThat(QueryPlans.refusal("  select * from t where s = '$1' ;")).isEmpty();
        assertThat(QueryPlans.refusal("/* app */ WITH x AS (SELECT 1) SELECT * FROM x")).isEmpty();
        assertThat(QueryPlans.refusal("SELECT $$a;b$$")).isEmpty();
    }

    @Test
    void whyOthersAreNot() {
        assertThat(QueryPlans.refusal("UPDATE t SET v = $1 WHERE id = $2")).hasValueSatisfying(r -> assertThat(r).contains("bind parameters ($1)"));
        assertThat(QueryPlans.refusal("SELECT 1; SELECT 2")).hasValueSatisfying(r -> assertThat(r).contains("more than one statement"));
        assertThat(QueryPlans.refusal("LOCK TABLE t IN ACCESS EXCLUSIVE MODE")).hasValueSatisfying(r -> assertThat(r).contains("not to LOCK"));
        assertThat(QueryPlans.refusal("SELECT pg_advisory_lock(:key)")).hasValueSatisfying(r -> assertThat(r).contains(":key"));
        assertThat(QueryPlans.refusal("SELECT 'unterminated")).hasValueSatisfying(r -> assertThat(r).contains("track_activity_query_size"));
        assertThat(QueryPlans.refusal(null)).hasValueSatisfying(r -> assertThat(r).contains("not available"));
        assertThat(QueryPlans.refusal("<insufficient privilege>")).hasValueSatisfying(r -> assertThat(r).contains("pg_read_all_stats"));
        assertThat(QueryPlans.refusal("-- only a comment")).hasValueSatisfying(r -> assertThat(r).contains("empty"));
    }
}
