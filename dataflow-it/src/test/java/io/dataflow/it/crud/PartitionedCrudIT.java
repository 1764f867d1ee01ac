package io.dataflow.it.crud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.crud.BulkOptions;
import io.dataflow.crud.BulkResult;
import io.dataflow.crud.ModelRepository;
import io.dataflow.crud.Query;
import io.dataflow.crud.UpsertResult;
import io.dataflow.it.TestServers;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The guide's range-partitioned Event and list-partitioned Customer: plain SQL on the parent table routes every row. */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class PartitionedCrudIT {

    final TestServers.Server server;
    CrudDatabase db;
    ModelRepository events;
    ModelRepository customers;

    PartitionedCrudIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void freshDatabase() {
        db = new CrudDatabase(server, CrudDatabase.guide("Event", "Customer"));
        events = db.repository("Event");
        customers = db.repository("Customer");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private List<String> placement(String table) {
        return db.column("SELECT p || ':' || n FROM (SELECT tableoid::regclass::text AS p, count(*) AS n FROM " + table + " GROUP BY 1) s ORDER BY 1");
    }

    @Test
    void eventsLandInTheirMonthAndReadBack() {
        Map<String, Object> e = events.create(Map.of("timestamp", "2026-11-20T08:30:00Z", "event_type", "click", "data", Map.of("x", 1, "tags", List.of("a"))));
        assertThat(e.get("data")).isEqualTo(Map.of("x", 1, "tags", List.of("a")));
        assertThat(events.read(e.get("id"))).contains(e);
        events.create(Map.of("timestamp", "2020-01-01T00:00:00Z", "event_type", "old", "data", "{}"));

        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            rows.add(Map.of("timestamp", Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i * 3600L), "event_type", i % 2 == 0 ? "view" : "buy",
                    "data", Map.of("i", i)));
        }
        BulkResult r = events.bulkCreate(rows, BulkOptions.defaults());
        assertThat(r.method()).isEqualTo("copy");
        assertThat(r.inserted()).isEqualTo(3000);
        // 3000 hours from Nov 1: 720 in November, 744 in December, 744 in January, 672 in February, 120 in March (default)
        assertThat(placement("events")).containsExactly("events_default:121", "events_p2026_11:721", "events_p2026_12:744",
                "events_p2027_01:744", "events_p2027_02:672");

        assertThat(events.list(Query.of(Map.of("timestamp", Map.of("$gte", "2027-01-01", "$lt", "2027-02-01"), "event_type", "buy"))).count())
                .isEqualTo(372);
        assertThat(events.list(Query.of(Map.of("data", Map.of("i", 7)))).rows()).singleElement()
                .satisfies(m -> assertThat(m.get("timestamp")).isEqualTo(OffsetDateTime.parse("2026-11-01T07:00:00Z")));

        assertThat(events.update(Map.of("id", e.get("id")), Map.of("timestamp", "2020-06-01")).updated()).isEqualTo(1);
        assertThat(placement("events")).contains("events_default:122", "events_p2026_11:720");
        assertThat(events.delete(e.get("id"))).isEqualTo(1);
        assertThat(events.bulkDelete(Map.of("event_type", "old"), false)).isEqualTo(1);
        assertThat(db.count("events")).isEqualTo(3000);
    }

    @Test
    void customersLandInTheirRegionsPartition() {
        customers.create(Map.of("region", "eu-west", "name", "Ann"));
        customers.create(Map.of("region", "mars", "name", "Zed"));
        List<Map<String, Object>> rows = new ArrayList<>();
        String[] regions = {"us-east", "us-west", "eu-central", "asia-pacific", "asia-south", "antarctica"};
        for (int i = 0; i < 1200; i++) rows.add(Map.of("region", regions[i % regions.length], "name", "c" + i));
        assertThat(customers.bulkCreate(rows, BulkOptions.defaults()).inserted()).isEqualTo(1200);
        assertThat(customers.bulkCreate(rows.subList(0, 6), BulkOptions.defaults().withReturnIds(true)).ids()).hasSize(6);
        assertThat(placement("customers")).containsExactly("asia_customers:402", "customers_default:202", "eu_customers:202", "us_customers:402");

        assertThat(customers.list(Query.of(Map.of("region", Map.of("$in", List.of("eu-west", "eu-central"))))).count()).isEqualTo(202);
        assertThat(customers.list(Query.of(Map.of("name", Map.of("$like", "c11__")))).count()).isEqualTo(100);

        // the primary key of a partitioned table is (id, region); id alone is no conflict arbiter there
        Map<String, Object> ann = customers.list(Query.of(Map.of("name", "Ann"))).rows().get(0);
        assertThat(customers.bulkUpsert(List.of(Map.of("id", ann.get("id"), "region", "eu-west", "name", "Ann B."),
                Map.of("id", 99_999, "region", "asia-south", "name", "New")), List.of("region", "id"), null))
                .isEqualTo(new UpsertResult(1, 1));
        assertThat(customers.read(99_999).orElseThrow()).containsEntry("name", "New");
        assertThat(customers.read(ann.get("id")).orElseThrow()).containsEntry("name", "Ann B.");
        assertThatThrownBy(() -> customers.bulkUpsert(List.of(Map.of("id", ann.get("id"), "region", "eu-west")), List.of("id"), null))
                .hasMessageContaining("accepted: [id, region]");

        // moving a row to another region moves it to that partition
        assertThat(customers.update(Map.of("id", ann.get("id")), Map.of("region", "us-east")).updated()).isEqualTo(1);
        assertThat(placement("customers")).contains("asia_customers:403", "eu_customers:201", "us_customers:403");
    }
}
