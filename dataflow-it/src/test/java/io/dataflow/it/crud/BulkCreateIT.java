package io.dataflow.it.crud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import io.dataflow.crud.BulkOptions;
import io.dataflow.crud.BulkResult;
import io.dataflow.crud.CrudTestModels;
import io.dataflow.crud.InvalidValueException;
import io.dataflow.crud.ModelRepository;
import io.dataflow.crud.Query;
import io.dataflow.it.TestServers;
import io.dataflow.model.ModelSpec;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class BulkCreateIT {

    final TestServers.Server server;
    CrudDatabase db;
    ModelRepository samples;

    BulkCreateIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void freshDatabase() {
        List<ModelSpec> models = new ArrayList<>(CrudDatabase.guide("Product", "Order"));
        models.add(CrudTestModels.allTypes());
        models.add(ModelSpec.fromMap(Map.of("name", "Line", "fields", Map.of("body", "str"))));
        db = new CrudDatabase(server, models);
        samples = db.repository("Sample");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private static List<Map<String, Object>> rows(int n) {
        return IntStream.range(0, n).mapToObj(SampleRows::input).toList();
    }

    private void assertAllRoundTrip(int n) {
        List<Map<String, Object>> back = samples.list(Query.all()).rows();
        assertThat(back).hasSize(n);
        for (int i = 0; i < n; i++) SampleRows.assertMatches(back.get(i), i);
        OffsetDateTime now = CrudDatabase.NOV_15_2026.atOffset(java.time.ZoneOffset.UTC);
        assertThat(back).allSatisfy(r -> assertThat(r).containsEntry("created_at", now).containsEntry("updated_at", now));
    }

    @Test
    void aSmallBatchInsertsReturnsIdsInOrderAndRoundTripsEveryType() {
        List<long[]> progress = new ArrayList<>();
        BulkResult result = samples.bulkCreate(rows(250), new BulkOptions(100, true, (d, t) -> progress.add(new long[] {d, t})));
        assertThat(result.method()).isEqualTo("insert");
        assertThat(result.inserted()).isEqualTo(250);
        assertThat(result.ids()).hasSize(250).doesNotHaveDuplicates();
        assertThat(result.ids()).containsExactlyElementsOf(samples.list(Query.all()).rows().stream().map(r -> r.get("id")).toList());
        assertThat(progress).extracting(p -> p[0] + "/" + p[1]).containsExactly("100/250", "200/250", "250/250");
        assertAllRoundTrip(250);
    }

    @Test
    void fiveThousandRowsGoThroughCopyAndRoundTripEveryType() {
        List<long[]> progress = new ArrayList<>();
        BulkResult result = samples.bulkCreate(rows(5000), BulkOptions.defaults().withProgress((d, t) -> progress.add(new long[] {d, t})));
        assertThat(result.method()).isEqualTo("copy");
        assertThat(result.inserted()).isEqualTo(5000);
        assertThat(result.ids()).isEmpty();
        assertThat(progress).extracting(p -> p[0] + "/" + p[1]).containsExactly("1000/5000", "2000/5000", "3000/5000", "4000/5000", "5000/5000");
        assertThat(db.count("samples")).isEqualTo(5000);
        assertAllRoundTrip(5000);
    }

    @Test
    void askingForIdsKeepsALargeBatchOnInsertWithinTheParameterLimit() {
        // 14 value columns + 2 timestamps = 16 parameters a row: 5,000 rows in one statement would be 80,000.
        BulkResult result = samples.bulkCreate(rows(5000), new BulkOptions(5000, true, null));
        assertThat(result.method()).isEqualTo("insert");
        assertThat(result.ids()).hasSize(5000);
        assertAllRoundTrip(5000);
    }

    @Test
    void aBadValueInTheMiddleLeavesNoRowOnEitherPath() {
        List<Map<String, Object>> copyRows = new ArrayList<>(rows(5000));
        Map<String, Object> bad = new java.util.HashMap<>(copyRows.get(2500));
        bad.put("n_int32", "not a number");
        copyRows.set(2500, bad);
        assertThatThrownBy(() -> samples.bulkCreate(copyRows, BulkOptions.defaults())).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("key 'rows[2500].n_int32'");
        assertThat(db.count("samples")).isZero();

        List<Map<String, Object>> insertRows = new ArrayList<>(rows(500));
        insertRows.set(300, bad);
        assertThatThrownBy(() -> samples.bulkCreate(insertRows, new BulkOptions(100, false, null))).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("key 'rows[300].n_int32'");
        assertThat(db.count("samples")).isZero();
    }

    @Test
    void aRowTheServerRefusesInTheMiddleLeavesNoRow() {
        ModelRepository orders = db.repository("Order");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= 3000; i++) rows.add(Map.of("id", i, "status", "s" + i));
        rows.set(2000, Map.of("id", 7, "status", "duplicate id"));
        assertThatThrownBy(() -> orders.bulkCreate(rows, BulkOptions.defaults())).isInstanceOf(io.dataflow.UniqueViolationException.class)
                .hasMessageContaining("model Order: bulk create failed").hasMessageContaining("duplicate key")
                .satisfies(e -> assertThat(((io.dataflow.DataFlowException) e).sqlState()).isEqualTo("23505"));
        assertThat(db.count("orders")).isZero();
        assertThatThrownBy(() -> orders.bulkCreate(rows.subList(0, 2500), new BulkOptions(500, true, null)))
                .isInstanceOf(io.dataflow.UniqueViolationException.class).hasMessageContaining("duplicate key");
        assertThat(db.count("orders")).isZero();
    }

    @Test
    void anUnknownKeyIsRefusedBeforeAnythingIsWritten() {
        List<Map<String, Object>> rows = new ArrayList<>(rows(5000));
        rows.set(4999, Map.of("n_int", 1, "s_strr", "typo"));
        List<Long> progress = new ArrayList<>();
        assertThatThrownBy(() -> samples.bulkCreate(rows, BulkOptions.defaults().withProgress((d, t) -> progress.add(d))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rows[4999].s_strr").hasMessageContaining("did you mean 's_str'?");
        assertThat(progress).isEmpty();
        assertThat(db.count("samples")).isZero();
    }

    @Test
    void absentKeysTakeTheColumnDefaultOnBothPaths() {
        ModelRepository products = db.repository("Product");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            Map<String, Object> row = new java.util.HashMap<>(Map.of("name", "p" + i));
            if (i % 2 == 1) row.put("price", i);
            if (i % 3 == 0) row.put("version", 5); // so version is a written column that other rows leave out
            rows.add(row);
        }
        assertThat(products.bulkCreate(rows, BulkOptions.defaults()).method()).isEqualTo("copy");
        assertThat(products.bulkCreate(rows.subList(0, 10), BulkOptions.defaults()).method()).isEqualTo("insert");
        assertThat(db.value("SELECT count(*) FILTER (WHERE version = 1) || '/' || count(*) || '/' || count(price) FROM products"))
                .isEqualTo("1006/1510/755");
        // rows that mix given and absent ids cannot use COPY: INSERT asks for the identity's next value per row
        List<Map<String, Object>> mixed = new ArrayList<>();
        for (int i = 0; i < 1200; i++) mixed.add(i == 0 ? Map.of("id", 1_000_000, "name", "fixed") : Map.of("name", "n" + i));
        BulkResult r = products.bulkCreate(mixed, BulkOptions.defaults());
        assertThat(r.method()).isEqualTo("insert");
        assertThat(r.inserted()).isEqualTo(1200);
        assertThat(products.read(1_000_000)).isPresent();
    }

    @Test
    void datesBeforeChristAndAfter9999SurviveCopyInsertAndFilters() {
        Map<String, Object> row = Map.of("t_datetime", OffsetDateTime.parse("0099-03-04T05:06:07.000008+05:30"),
                "t_timestamp", java.time.LocalDateTime.parse("+12345-01-01T00:00:00"), "d_date", java.time.LocalDate.parse("-0043-03-15"));
        List<Map<String, Object>> rows = java.util.Collections.nCopies(1000, row);
        assertThat(samples.bulkCreate(rows, BulkOptions.defaults()).method()).isEqualTo("copy");
        assertThat(samples.bulkCreate(rows.subList(0, 1), BulkOptions.defaults()).method()).isEqualTo("insert");
        assertThat(samples.list(Query.of(Map.of("d_date", Map.of("$in", List.of("-0043-03-15")),
                "t_datetime", Map.of("$in", List.of(row.get("t_datetime"))), "t_timestamp", Map.of("$gt", "9999-12-31"))))
                .rows()).hasSize(1001).allSatisfy(r -> assertThat(r)
                        .containsEntry("t_datetime", OffsetDateTime.parse("0099-03-03T23:36:07.000008Z"))
                        .containsEntry("t_timestamp", row.get("t_timestamp"))
                        .containsEntry("d_date", row.get("d_date")));
    }

    @Test
    void aLoneBackslashDotIsDataNotTheEndOfCopy() {
        ModelRepository lines = db.repository("Line");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 1500; i++) rows.add(Map.of("body", i == 700 ? "\\." : i == 701 ? "" : "line " + i));
        assertThat(lines.bulkCreate(rows, BulkOptions.defaults()).inserted()).isEqualTo(1500);
        assertThat(db.count("lines")).isEqualTo(1500);
        assertThat(db.value("SELECT body FROM lines WHERE id = 701")).isEqualTo("\\.");
        assertThat(db.value("SELECT body IS NOT NULL AND body = '' FROM lines WHERE id = 702")).isEqualTo("t");
    }

    @Test
    void copyVersusInsertThroughput() {
        List<Map<String, Object>> rows = rows(5000);
        samples.bulkCreate(rows, BulkOptions.defaults()); // warm up both paths on this connection pool
        samples.bulkCreate(rows, BulkOptions.defaults().withReturnIds(true));
        long t0 = System.nanoTime();
        BulkResult copy = samples.bulkCreate(rows, BulkOptions.defaults());
        long t1 = System.nanoTime();
        BulkResult insert = samples.bulkCreate(rows, BulkOptions.defaults().withReturnIds(true));
        long t2 = System.nanoTime();
        assertThat(copy.method()).isEqualTo("copy");
        assertThat(insert.method()).isEqualTo("insert");
        assertThat(db.count("samples")).isEqualTo(20_000);
        System.out.printf("bulkCreate 5,000 rows x 16 columns on %s: copy %d ms, insert %d ms%n",
                server, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }
}
