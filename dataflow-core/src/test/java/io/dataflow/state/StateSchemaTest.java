package io.dataflow.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StateSchemaTest {

    @Test
    void stateSqlNamesTheConfiguredSchemaAndNothingElse() {
        StateSchema other = new StateSchema(null, "App_State");
        assertThat(other.sql("INSERT INTO dataflow.jobs (name) SELECT name FROM public.dataflow_items WHERE x = 'dataflow.job:' || io.dataflow.y"))
                .isEqualTo("INSERT INTO \"App_State\".jobs (name) SELECT name FROM public.dataflow_items WHERE x = '\"App_State\".job:' || io.dataflow.y");
        assertThat(other.table("jobs")).isEqualTo("\"App_State\".jobs");
        StateSchema standard = new StateSchema(null);
        assertThat(standard.sql("SELECT * FROM dataflow.jobs")).isEqualTo("SELECT * FROM dataflow.jobs");
        assertThat(standard.table("jobs")).isEqualTo("dataflow.jobs");
    }

    @Test
    void aBadNameIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new StateSchema(null, "drop table x")).hasMessageContaining("state_schema").hasMessageContaining("not an accepted name");
    }

    @Test
    void eachFeatureHasItsOwnMigrations() {
        assertThat(StateSchema.migrations(StateFeature.JOBS)).containsExactly("V001__jobs.sql");
        assertThat(StateSchema.migrations(StateFeature.MVIEWS)).containsExactly("V050__mviews.sql", "V055__mview_rows.sql");
        for (StateFeature f : StateFeature.values()) assertThat(StateSchema.migrations(f)).as(f.key()).isNotEmpty();
    }
}
