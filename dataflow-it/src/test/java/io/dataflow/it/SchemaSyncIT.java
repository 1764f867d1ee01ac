package io.dataflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.DataFlow;
import io.dataflow.model.ModelSpec;
import io.dataflow.model.schema.SchemaPlan;
import io.dataflow.model.schema.SchemaStep;
import io.dataflow.model.schema.SyncReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import io.dataflow.model.GuideRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class SchemaSyncIT extends ServerTest {

    SchemaSyncIT(TestServers.Server server) {
        super(server);
    }


    private DataFlow open(Clock clock) {
        return DataFlow.configure().url(db.url()).pool(1, 3, 10).clock(clock).open();
    }

    @Test
    void theGuideModelsApplyAndTheCatalogShowsEveryFeature() {
        try (DataFlow flow = open(Guide.NOV_15_2026)) {
            flow.registerAll(Guide.models());
            SyncReport report = flow.sync();
            assertThat(report.changed()).isTrue();
            assertThat(report.drift()).isEmpty();
        }
        assertThat(db.value("SELECT pg_get_indexdef('idx_status_covering'::regclass)"))
                .contains("(status, created_at) INCLUDE (user_id, total)");
        assertThat(db.value("SELECT pg_get_indexdef('idx_pending_orders'::regclass)"))
                .contains("(user_id) WHERE (status = 'pending'::text)");
        assertThat(db.value("SELECT pg_get_indexdef('idx_order_year'::regclass)"))
                .contains("EXTRACT(year FROM (created_at AT TIME ZONE 'UTC'::text))");
        assertThat(db.value("SELECT pg_get_indexdef('orders_user_id_status_created_at_idx'::regclass)"))
                .contains("(user_id, status, created_at)");
        assertThat(db.value("SELECT pg_get_indexdef('idx_users_email'::regclass)")).startsWith("CREATE UNIQUE INDEX");

        assertThat(db.value("SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'events'::regclass")).isEqualTo("r");
        assertThat(db.column("SELECT c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass ORDER BY 1"))
                .hasSize(5)
                .anySatisfy(p -> assertThat(p).startsWith("events_p2026_11 FOR VALUES FROM ('2026-11-01"))
                .anySatisfy(p -> assertThat(p).startsWith("events_p2027_02 FOR VALUES FROM ('2027-02-01"))
                .contains("events_default DEFAULT");
        assertThat(db.column("SELECT c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'customers'::regclass ORDER BY 1"))
                .containsExactly("asia_customers FOR VALUES IN ('asia-pacific', 'asia-south')", "customers_default DEFAULT",
                        "eu_customers FOR VALUES IN ('eu-west', 'eu-central')", "us_customers FOR VALUES IN ('us-east', 'us-west')");
        assertThat(db.value("SELECT column_default || ' ' || is_nullable FROM information_schema.columns"
                + " WHERE table_name = 'products' AND column_name = 'version'")).isEqualTo("1 NO");
        assertThat(db.column("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
                + " WHERE i.indrelid = 'events'::regclass AND i.indisprimary ORDER BY a.attname")).containsExactly("id", "timestamp");

        // rows land where they should, and ids come from the identity column
        db.execute("INSERT INTO customers (region, name) VALUES ('eu-west', 'a'), ('mars', 'b')");
        assertThat(db.column("SELECT tableoid::regclass || ':' || id FROM customers ORDER BY id"))
                .containsExactly("eu_customers:1", "customers_default:2");

        List<String> before = db.catalogFingerprint();
        try (DataFlow again = open(Guide.NOV_15_2026)) {
            again.registerAll(Guide.models());
            SyncReport second = again.sync();
            assertThat(second.changed()).isFalse();
            assertThat(second.applied()).isEmpty();
            assertThat(second.drift()).isEmpty();
            assertThat(second.summary()).contains("nothing to do");
        }
        assertThat(db.catalogFingerprint()).isEqualTo(before);
    }

    @Test
    void annotatedRecordsProduceTheIdenticalSchemaPlan() {
        List<String> fromYaml;
        List<String> fromRecords;
        try (DataFlow flow = open(Guide.NOV_15_2026)) {
            flow.registerAll(Guide.models("Order", "Event", "Customer", "Product"));
            fromYaml = flow.schemaPlan().steps().stream().map(s -> s.sql() + " -- " + s.note()).toList();
        }
        try (DataFlow flow = open(Guide.NOV_15_2026)) {
            flow.register(GuideRecords.Order.class).register(GuideRecords.Event.class)
                    .register(GuideRecords.Customer.class).register(GuideRecords.Product.class);
            fromRecords = flow.schemaPlan().steps().stream().map(s -> s.sql() + " -- " + s.note()).toList();
        }
        assertThat(fromRecords).isNotEmpty().isEqualTo(fromYaml);
    }

    @Test
    void thePlanChangesNothingAndExplainsEveryStatement() {
        try (DataFlow flow = open(Guide.NOV_15_2026)) {
            flow.registerAll(Guide.models("Order", "Event"));
            SchemaPlan plan = flow.schemaPlan();
            assertThat(plan.steps()).allSatisfy(s -> assertThat(s.note()).isNotBlank());
            assertThat(plan.steps()).filteredOn(s -> s.object().equals("idx_order_year")).singleElement()
                    .satisfies(s -> assertThat(s.note()).contains("pins the zone to UTC"));
            assertThat(plan.steps()).filteredOn(s -> s.kind() == SchemaStep.Kind.CREATE_TABLE && s.object().equals("events"))
                    .singleElement().satisfies(s -> assertThat(s.note()).contains("primary key is (id, timestamp)"));
            assertThat(plan.toText()).contains("CREATE TABLE \"orders\"");
        }
        assertThat(db.catalogFingerprint()).isEmpty();
    }

    @Test
    void existingDefinitionsThatDifferAreReportedAsDriftNotAltered() {
        db.execute("CREATE TABLE orders (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, user_id integer, status text)");
        db.execute("CREATE INDEX idx_pending_orders ON orders (user_id) WHERE status = 'done'");
        db.execute("INSERT INTO orders (user_id, status) VALUES (1, 'pending')");
        List<String> before;
        try (DataFlow flow = open(Guide.NOV_15_2026)) {
            flow.registerAll(Guide.models("Order"));
            SyncReport report = flow.sync();
            assertThat(report.drift()).extracting(d -> d.object())
                    .containsExactlyInAnyOrder("column orders.user_id", "index idx_pending_orders");
            assertThat(report.applied()).extracting(SchemaStep::kind).contains(SchemaStep.Kind.ADD_COLUMN, SchemaStep.Kind.CREATE_INDEX);
            assertThat(report.applied()).extracting(SchemaStep::object).contains("orders.total", "idx_status_covering")
                    .doesNotContain("idx_pending_orders");
            before = db.catalogFingerprint();
            SyncReport second = flow.sync();
            assertThat(second.changed()).isFalse();
            assertThat(second.drift()).hasSize(2);
        }
        assertThat(db.value("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'user_id'"))
                .isEqualTo("integer");
        assertThat(db.value("SELECT pg_get_indexdef('idx_pending_orders'::regclass)")).contains("'done'");
        assertThat(db.catalogFingerprint()).isEqualTo(before);
        assertThat(db.value("SELECT count(*) FROM orders")).isEqualTo("1");
    }

    @Test
    void aDefaultPartitionHoldingRowsIsNotSilentlyBroken() {
        try (DataFlow flow = open(Guide.NOV_15_2026)) {
            flow.registerAll(Guide.models("Event"));
            flow.sync();
        }
        db.execute("INSERT INTO events (timestamp, event_type) VALUES ('2027-05-03T00:00:00Z', 'future')");
        Clock may2027 = Clock.fixed(Instant.parse("2027-05-10T00:00:00Z"), ZoneOffset.UTC);
        try (DataFlow flow = open(may2027)) {
            flow.registerAll(Guide.models("Event"));
            SyncReport report = flow.sync();
            assertThat(report.notes()).anySatisfy(n -> assertThat(n).contains("DEFAULT partition holds rows"));
            assertThat(report.applied()).isEmpty();
        }
        assertThat(db.value("SELECT count(*) FROM events")).isEqualTo("1");
    }

    @Test
    void laterSyncsAddTheNextPartitionsAndSkipCoveredRanges() {
        try (DataFlow flow = open(Guide.NOV_15_2026)) {
            flow.registerAll(Guide.models("Event"));
            flow.sync();
        }
        Clock jan2027 = Clock.fixed(Instant.parse("2027-01-02T00:00:00Z"), ZoneOffset.UTC);
        try (DataFlow flow = open(jan2027)) {
            flow.registerAll(Guide.models("Event"));
            SyncReport report = flow.sync();
            assertThat(report.applied()).extracting(SchemaStep::object).containsExactly("events_p2027_03", "events_p2027_04");
        }
    }

    @Test
    void concurrentSyncsSerialiseAndBothSucceed() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<SyncReport>> runs = List.of(1, 2).stream().map(i -> CompletableFuture.supplyAsync(() -> {
            try (DataFlow flow = open(Guide.NOV_15_2026)) {
                flow.registerAll(Guide.models());
                start.await();
                return flow.sync();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        })).toList();
        start.countDown();
        List<SyncReport> reports = runs.stream().map(CompletableFuture::join).toList();
        assertThat(reports).filteredOn(SyncReport::changed).hasSize(1);
        assertThat(reports).filteredOn(r -> !r.changed()).hasSize(1);
    }

    @Test
    void modelsCanAlsoComeAsMaps() {
        ModelSpec spec = ModelSpec.fromMap(java.util.Map.of("name", "Note", "fields", java.util.Map.of("body", "str", "tags", "list", "uid", "uuid")));
        try (DataFlow flow = open(Guide.NOV_15_2026)) {
            flow.register(spec).sync();
        }
        assertThat(db.column("SELECT column_name || ':' || data_type FROM information_schema.columns WHERE table_name = 'notes' ORDER BY 1"))
                .containsExactly("body:text", "id:bigint", "tags:jsonb", "uid:uuid");
    }

    @Test
    void everyIndexMethodAndUniqueIndexesAreCreated() {
        ModelSpec spec = ModelSpec.fromMap(java.util.Map.of("name", "Doc", "fields",
                java.util.Map.of("body", "dict", "created_at", "datetime", "slug", "str", "code", "str"),
                "dataflow", java.util.Map.of("indexes", List.of(
                        java.util.Map.of("fields", List.of("body"), "method", "gin", "name", "idx_doc_body"),
                        java.util.Map.of("fields", List.of("created_at"), "method", "brin", "name", "idx_doc_created"),
                        java.util.Map.of("fields", List.of("code"), "method", "hash", "name", "idx_doc_code"),
                        java.util.Map.of("fields", List.of("slug"), "unique", true, "name", "idx_doc_slug")))));
        try (DataFlow flow = open(Guide.NOV_15_2026)) {
            flow.register(spec).sync();
            assertThat(flow.sync().changed()).isFalse();
        }
        assertThat(db.column("SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'docs'::regclass ORDER BY 1"))
                .anySatisfy(d -> assertThat(d).contains("idx_doc_body ON public.docs USING gin (body)"))
                .anySatisfy(d -> assertThat(d).contains("idx_doc_created ON public.docs USING brin (created_at)"))
                .anySatisfy(d -> assertThat(d).contains("idx_doc_code ON public.docs USING hash (code)"))
                .anySatisfy(d -> assertThat(d).contains("UNIQUE INDEX idx_doc_slug ON public.docs USING btree (slug)"));
    }
}
