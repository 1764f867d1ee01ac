package io.dataflow.it.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dataflow.DataFlow;
import io.dataflow.DataFlowException;
import io.dataflow.crud.ModelRepository;
import io.dataflow.crud.OptimisticLockConflict;
import io.dataflow.it.TestDatabase;
import io.dataflow.it.TestServers;
import io.dataflow.lock.Backoff;
import io.dataflow.lock.Change;
import io.dataflow.lock.Conflict;
import io.dataflow.lock.OptimisticUpdate;
import io.dataflow.lock.RowNotFound;
import io.dataflow.lock.UpdateConflict;
import io.dataflow.lock.UpdateOptions;
import io.dataflow.model.GuideRecords;
import io.dataflow.model.ModelFiles;
import io.dataflow.workflow.NodeResult;
import io.dataflow.workflow.Results;
import io.dataflow.workflow.Workflow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** OptimisticUpdateNode and db.update(...) on the guide's Product (optimistic_lock: version, retry_on_conflict: 3). */
@ParameterizedClass
@MethodSource("io.dataflow.it.TestServers#servers")
class OptimisticUpdateIT {

    static final int THREADS = 16;
    static final int INCREMENTS_PER_THREAD = 500;

    final TestServers.Server server;
    TestDatabase db;
    DataFlow flow;
    ModelRepository products;
    Object id;

    OptimisticUpdateIT(TestServers.Server server) {
        this.server = server;
    }

    @BeforeEach
    void open() {
        db = server.freshDatabase();
        flow = DataFlow.configure().url(db.url()).pool(THREADS, 4, 60).open();
        flow.registerAll(ModelFiles.read(Path.of("../examples/guide-models.yaml")).stream().filter(m -> m.name().equals("Product")).toList()).sync();
        products = flow.repository("Product");
        id = products.create(Map.of("name", "lamp", "price", 10.0)).get("id");
    }

    @AfterEach
    void close() {
        flow.close();
        db.close();
    }

    private Map<String, Object> row() {
        return products.read(id).orElseThrow();
    }

    private Workflow node(Map<String, Object> config) {
        Map<String, Object> c = new java.util.LinkedHashMap<>(Map.of("model", "Product", "id", ":pid"));
        c.putAll(config);
        return flow.workflow().param("pid", id).addNode("OptimisticUpdateNode", "u", c).build();
    }

    /** Runs {@code task} on THREADS threads released together; returns their results. */
    private static <T> List<T> together(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) out.add(f.get(30, TimeUnit.MINUTES));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sixteenThreadsIncrementingOneProductLoseNoUpdate() throws Exception {
        db.execute("UPDATE products SET price = 0");
        Workflow inc = node(Map.of("fields", Map.of("price", Map.of("$inc", 1)), "conflict_resolution", "retry", "max_retries", 1_000_000));
        AtomicInteger conflicts = new AtomicInteger();
        List<Integer> done = together(THREADS, () -> {
            int n = 0;
            for (int i = 0; i < INCREMENTS_PER_THREAD; i++) {
                Results r = flow.runtime().execute(inc);
                Map<String, Object> out = r.output("u");
                conflicts.addAndGet((Integer) out.get("conflicts"));
                assertThat(out).containsEntry("resolution", "retry");
                n++;
            }
            return n;
        });
        int total = THREADS * INCREMENTS_PER_THREAD;
        assertThat(done.stream().mapToInt(Integer::intValue).sum()).isEqualTo(total);
        assertThat(row()).containsEntry("price", (double) total).containsEntry("version", 1L + total);
        System.out.printf("%d x %d $inc on %s: %d conflicts retried%n", THREADS, INCREMENTS_PER_THREAD, server, conflicts.get());
    }

    @Test
    void withFailEveryAttemptIsEitherASuccessOrAReportedConflict() throws Exception {
        db.execute("UPDATE products SET price = 0");
        Workflow inc = node(Map.of("fields", Map.of("price", Map.of("$inc", 1)), "conflict_resolution", "fail"));
        int perThread = 40;
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        together(THREADS, () -> {
            for (int i = 0; i < perThread; i++) {
                NodeResult r = flow.runtime().execute(inc).node("u");
                if (r.ok()) {
                    ok.incrementAndGet();
                    assertThat(r.output()).containsEntry("attempts", 1).containsEntry("conflicts", 0);
                } else {
                    assertThat(r.error()).startsWith("conflict: Product " + id + " is at version ").contains("(conflict_resolution fail)")
                            .contains("current row: {");
                    conflicts.incrementAndGet();
                }
            }
            return null;
        });
        assertThat(ok.get() + conflicts.get()).isEqualTo(THREADS * perThread);
        assertThat(row()).containsEntry("price", (double) ok.get()).containsEntry("version", 1L + ok.get());
        System.out.printf("fail on %s: %d succeeded, %d conflicts reported%n", server, ok.get(), conflicts.get());
    }

    @Test
    void failCarriesTheExpectedAndCurrentVersionAndRow() {
        products.update(Map.of("id", id), Map.of("price", 11.0)); // now at version 2
        Results r = flow.runtime().execute(node(Map.of("fields", Map.of("price", 12.0), "conflict_resolution", "fail", "expected_version", 1)));
        assertThat(r.node("u").error()).startsWith("conflict: Product " + id + " is at version 2, the update expected 1 (conflict_resolution fail)");

        UpdateConflict c = catchThrowableOfType(UpdateConflict.class, () -> flow.locks().update("Product", id, Map.of("price", 12.0),
                UpdateOptions.of(Conflict.FAIL).withExpectedVersion(1L)));
        assertThat(c).isInstanceOf(OptimisticLockConflict.class);
        assertThat(c.expectedVersion()).isEqualTo(1L);
        assertThat(c.currentVersion()).isEqualTo(2L);
        assertThat(c.currentRow()).containsEntry("price", 11.0).containsEntry("version", 2L);
        assertThat(c.resolution()).isEqualTo(Conflict.FAIL);
        assertThat(c.attempts()).isEqualTo(1);
        assertThat(row()).containsEntry("price", 11.0);
    }

    @Test
    void retryReappliesFunctionsOnTheCurrentValueAndGivesUpAfterMaxRetries() {
        AtomicInteger calls = new AtomicInteger();
        // The first computation races with another writer: the retry must see its value.
        UnaryOperator<Object> racingDouble = v -> {
            if (calls.getAndIncrement() == 0) products.update(Map.of("id", id), Map.of("price", 100.0));
            return (Double) v * 2;
        };
        OptimisticUpdate u = flow.update(GuideRecords.Product.class, id, Map.of("price", racingDouble), Conflict.RETRY);
        assertThat(u.attempts()).isEqualTo(2);
        assertThat(u.conflicts()).isEqualTo(1);
        assertThat(u.row()).containsEntry("price", 200.0).containsEntry("version", 3L);
        assertThat(u.version()).isEqualTo(3L);

        UnaryOperator<Object> alwaysRacing = v -> {
            products.update(Map.of("id", id), Map.of("name", "moved " + calls.incrementAndGet()));
            return 1.0;
        };
        UpdateConflict c = catchThrowableOfType(UpdateConflict.class, () -> flow.locks().update("Product", id, Map.of("price", alwaysRacing),
                UpdateOptions.of(Conflict.RETRY).withMaxRetries(2).withBackoff(Backoff.NONE)));
        assertThat(c.attempts()).isEqualTo(3);
        assertThat(c).hasMessageContaining("changed under every attempt: 3 attempts (max_retries 2) lost the race");
        assertThat(row()).containsEntry("price", 200.0);

        // The model's retry_on_conflict (3) is the default: 4 attempts.
        UpdateConflict d = catchThrowableOfType(UpdateConflict.class, () -> flow.update("Product", id, Map.of("price", alwaysRacing), Conflict.RETRY));
        assertThat(d.attempts()).isEqualTo(4);

        OptimisticUpdate plain = flow.update("Product", id, Map.of("price", Map.of("$mul", 0.5), "name", Change.set("lamp")), Conflict.RETRY);
        assertThat(plain.row()).containsEntry("price", 100.0).containsEntry("name", "lamp");
    }

    @Test
    void mergeKeepsAConcurrentChangeOfAnotherField() {
        Map<String, Object> base = row();
        products.update(Map.of("id", id), Map.of("name", "desk lamp")); // someone else, version 2
        Results r = flow.runtime().execute(node(Map.of("fields", Map.of("price", 20.0), "conflict_resolution", "merge", "base", base)));
        assertThat(r.output("u")).containsEntry("version", 3L).containsEntry("concurrent_fields", List.of("name")).containsEntry("attempts", 1);
        assertThat(row()).containsEntry("name", "desk lamp").containsEntry("price", 20.0).containsEntry("version", 3L);
    }

    @Test
    void aWorkflowMergesAgainstTheRowAnEarlierNodeRead() {
        Workflow w = flow.workflow().param("pid", id)
                .addNode("ProductReadNode", "p", Map.of("id", ":pid"))
                .addNode("ProductUpdateNode", "someone_else", Map.of("filter", Map.of("id", ":pid"), "fields", Map.of("name", "desk lamp")))
                .dependsOn("someone_else", "p")
                .addNode("OptimisticUpdateNode", "u", Map.of("model", "Product", "id", ":pid", "fields", Map.of("price", 15.0),
                        "conflict_resolution", "merge", "base", ":p"))
                .dependsOn("u", "someone_else")
                .build();
        Results r = flow.runtime().execute(w);
        assertThat(r.output("u")).containsEntry("concurrent_fields", List.of("name")).containsEntry("version", 3L);
        assertThat(row()).containsEntry("name", "desk lamp").containsEntry("price", 15.0);
    }

    @Test
    void mergeReportsAConcurrentChangeOfTheSameField() {
        Map<String, Object> base = row();
        products.update(Map.of("id", id), Map.of("price", 11.0));
        Results r = flow.runtime().execute(node(Map.of("fields", Map.of("price", 20.0, "name", "x"), "conflict_resolution", "merge", "base", base)));
        assertThat(r.node("u").error()).startsWith("merge conflict: Product " + id + " fields [price] were changed by someone else since version 1")
                .contains("price: base 10.0, theirs 11.0, ours 20.0");
        UpdateConflict c = catchThrowableOfType(UpdateConflict.class, () -> flow.locks().update("Product", id, Map.of("price", 20.0),
                UpdateOptions.of(Conflict.MERGE).withBase(base)));
        assertThat(c.overlappingFields()).containsExactly("price");
        assertThat(c.currentRow()).containsEntry("price", 11.0);
        assertThat(row()).containsEntry("price", 11.0).containsEntry("name", "lamp").containsEntry("version", 2L);

        // Knowing only the version read, a moved row cannot be merged field by field.
        Results v = flow.runtime().execute(node(Map.of("fields", Map.of("name", "y"), "conflict_resolution", "merge", "expected_version", 1)));
        assertThat(v.node("u").error()).contains("no base row was given");
    }

    @Test
    void mergeWithoutABaseUsesTheRowReadAtTheStart() {
        AtomicBoolean raced = new AtomicBoolean();
        UnaryOperator<Object> priceRacingName = v -> {
            if (raced.compareAndSet(false, true)) products.update(Map.of("id", id), Map.of("name", "renamed"));
            return (Double) v + 1;
        };
        OptimisticUpdate u = flow.update("Product", id, Map.of("price", priceRacingName), Conflict.MERGE);
        assertThat(u.attempts()).isEqualTo(2);
        assertThat(u.concurrentFields()).containsExactly("name");
        assertThat(row()).containsEntry("name", "renamed").containsEntry("price", 11.0);

        AtomicBoolean racedSame = new AtomicBoolean();
        UnaryOperator<Object> priceRacingPrice = v -> {
            if (racedSame.compareAndSet(false, true)) products.update(Map.of("id", id), Map.of("price", 50.0));
            return 99.0;
        };
        assertThatThrownBy(() -> flow.update("Product", id, Map.of("price", priceRacingPrice), Conflict.MERGE))
                .isInstanceOf(UpdateConflict.class).hasMessageContaining("fields [price]");
        assertThat(row()).containsEntry("price", 50.0);
    }

    @Test
    void concurrentMergesOfDifferentFieldsBothSurvive() throws Exception {
        int each = 100;
        Workflow price = node(Map.of("fields", Map.of("price", Map.of("$inc", 1)), "conflict_resolution", "merge", "max_retries", 1_000_000));
        db.execute("UPDATE products SET price = 0");
        AtomicInteger turn = new AtomicInteger();
        together(2, () -> {
            boolean pricer = turn.getAndIncrement() == 0;
            for (int i = 0; i < each; i++) {
                if (pricer) {
                    flow.runtime().execute(price).output("u");
                } else {
                    flow.locks().update("Product", id, Map.of("name", "name " + i), UpdateOptions.of(Conflict.MERGE).withMaxRetries(1_000_000));
                }
            }
            return null;
        });
        assertThat(row()).containsEntry("price", (double) each).containsEntry("name", "name " + (each - 1)).containsEntry("version", 1L + 2 * each);
    }

    /**
     * The probe: threads each write price = base.price + 1 with merge and the row they read as
     * base, while others merge changes of name. Every reported success must show in the final price
     * (0 lost updates); a lost race is a conflict the caller sees; the name merges never conflict.
     */
    @Test
    void concurrentMergesOfDerivedValuesOfTheSameFieldLoseNoUpdate() throws Exception {
        int pricers = 4;
        int namers = 1; // two namers would conflict with each other: the same field
        int rounds = 150;
        db.execute("UPDATE products SET price = 0");
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger conflicted = new AtomicInteger();
        AtomicInteger renamed = new AtomicInteger();
        AtomicInteger turn = new AtomicInteger();
        together(pricers + namers, () -> {
            boolean pricer = turn.getAndIncrement() < pricers;
            for (int i = 0; i < rounds; i++) {
                Map<String, Object> base = row();
                if (pricer) {
                    double derived = ((Number) base.get("price")).doubleValue() + 1;
                    try {
                        flow.locks().update("Product", id, Map.of("price", derived), UpdateOptions.of(Conflict.MERGE).withBase(base)
                                .withMaxRetries(1_000_000));
                        succeeded.incrementAndGet();
                    } catch (UpdateConflict c) {
                        assertThat(c.overlappingFields()).containsExactly("price");
                        conflicted.incrementAndGet();
                    }
                } else {
                    flow.locks().update("Product", id, Map.of("name", "name " + i), UpdateOptions.of(Conflict.MERGE).withBase(base)
                            .withMaxRetries(1_000_000));
                    renamed.incrementAndGet();
                }
            }
            return null;
        });
        double lost = succeeded.get() - ((Number) row().get("price")).doubleValue();
        System.out.println("merge of derived values: " + succeeded + " succeeded, " + conflicted + " conflicts, " + lost + " lost, "
                + renamed + " different-field merges");
        assertThat(lost).as("lost updates (" + succeeded + " succeeded, " + conflicted + " conflicts)").isZero();
        assertThat(succeeded.get()).isPositive();
        assertThat(renamed.get()).as("different-field merges all succeed").isEqualTo(namers * rounds);
        assertThat(row().get("version")).isEqualTo(1L + succeeded.get() + renamed.get());
    }

    @Test
    void aMissingRowIsNotAConflict() {
        Results r = flow.runtime().execute(flow.workflow().addNode("OptimisticUpdateNode", "u",
                Map.of("model", "Product", "id", 999_999, "fields", Map.of("price", 1.0))).build());
        assertThat(r.node("u").error()).isEqualTo("Product 999999 not found; nothing was changed");
        assertThatThrownBy(() -> flow.update("Product", 999_999, Map.of("price", 1.0), Conflict.FAIL)).isInstanceOf(RowNotFound.class);
    }

    @Test
    void badInputIsRefusedBeforeAnySql() {
        assertThatThrownBy(() -> flow.update("Prodct", id, Map.of("price", 1.0), Conflict.RETRY)).isInstanceOf(DataFlowException.class)
                .hasMessageContaining("no model named Prodct is registered (did you mean 'Product'?)");
        assertThatThrownBy(() -> flow.update("Product", id, Map.of("pirce", 1.0), Conflict.RETRY))
                .hasMessageContaining("optimistic update of Product, key 'fields.pirce'").hasMessageContaining("did you mean 'price'");
        assertThatThrownBy(() -> flow.locks().update("Product", id, Map.of("price", 1.0), UpdateOptions.of(Conflict.RETRY).withMaxRetries(-1)))
                .hasMessageContaining("key 'max_retries': must be 0 or more, got -1");
        assertThatThrownBy(() -> flow.workflow().addNode("OptimisticUpdateNode", "u", Map.of("model", "Order", "id", 1,
                "fields", Map.of("total", 1.0), "conflict_resolution", "merge")).build())
                .hasMessageContaining("node 'u' (OptimisticUpdateNode), key 'model': unknown model 'Order'; registered models: Product");
        assertThat(row()).containsEntry("version", 1L);
    }
}
