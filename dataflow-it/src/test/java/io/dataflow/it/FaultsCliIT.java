package io.dataflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI contains every fault (issue 29) and parser edge cases reach the user as clear errors
 * (issue 19, section 4): a node's Error ends the run naming the node; ORM-sized queries work;
 * nesting beyond the limit and control characters get "cannot parse the SQL ... at position N".
 */
class FaultsCliIT {

    static TestDatabase db;

    @BeforeAll
    static void data() {
        db = TestServers.embedded().freshDatabase();
        db.execute("CREATE TABLE orders (id int PRIMARY KEY, user_id int NOT NULL, quantity int NOT NULL, status text NOT NULL)");
        db.execute("INSERT INTO orders SELECT g, g % 500, g % 7, CASE WHEN g % 3 = 0 THEN 'paid' ELSE 'new' END FROM generate_series(1, 20000) g");
        db.execute("ANALYZE orders");
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    static String orPairs(int n) {
        return "SELECT id FROM orders WHERE " + IntStream.range(0, n).mapToObj(i -> "(user_id = " + i + " AND quantity = " + (i % 7) + ")")
                .collect(Collectors.joining(" OR "));
    }

    static String orSingles(int n) {
        return "SELECT id FROM orders WHERE " + IntStream.range(0, n).mapToObj(i -> "user_id = " + i).collect(Collectors.joining(" OR "));
    }

    static String inList(int n) {
        return "SELECT id FROM orders WHERE user_id IN (" + IntStream.range(0, n).mapToObj(Integer::toString).collect(Collectors.joining(", ")) + ")";
    }

    private static void noJavaTrace(Cli.Run run) {
        assertThat(run.err() + run.out()).doesNotContain("\tat ").doesNotContain("Exception in thread").doesNotContain("java.lang.");
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS) // a hang detector: today's engine waits forever for the dead node thread
    void aNodeThatThrowsAnErrorEndsTheRunWithExit1NamingTheNode(@TempDir Path dir) throws Exception {
        Path flow = dir.resolve("flow.yaml");
        Files.writeString(flow, """
                nodes:
                  - {type: EchoNode, id: first, config: {x: 1}}
                  - {type: ThrowNode, id: deep, config: {error: stack_overflow}}
                  - {type: EchoNode, id: after, config: {x: ":deep"}}
                """);
        Cli.Run run = Cli.run("run", flow.toString(), "--url", db.url());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("node 'deep' (ThrowNode) failed: stack overflow").contains("after").contains("skipped")
                .doesNotContain("All nodes succeeded");
        noJavaTrace(run);
    }

    @Test
    void tenThousandTermOrAndInQueriesAnalyzeRewriteAndAdvise(@TempDir Path dir) throws Exception {
        for (String sql : new String[] {orPairs(10_000), orSingles(10_000), inList(10_000)}) {
            Cli.Run analyze = Cli.run("analyze", "--sql", sql, "--url", db.url(), "--json");
            assertThat(analyze.exit()).as(analyze.err()).isZero();
            JsonNode plan = new ObjectMapper().readTree(analyze.out());
            assertThat(plan.get("analyzed").asBoolean()).isTrue();

            Cli.Run rewrite = Cli.run("rewrite", "--sql", sql, "--url", db.url(), "--runs", "1", "--json");
            assertThat(rewrite.exit()).as(rewrite.err()).isZero();
            assertThat(new ObjectMapper().readTree(rewrite.out()).has("rewritten")).isTrue();

            Path workload = dir.resolve("workload.sql");
            Files.writeString(workload, sql + ";\n");
            Cli.Run advise = Cli.run("advise", "--sql-file", workload.toString(), "--url", db.url(), "--json");
            assertThat(advise.exit()).as(advise.err()).isZero();
            assertThat(new ObjectMapper().readTree(advise.out()).has("indexes")).isTrue();
            noJavaTrace(analyze);
            noJavaTrace(rewrite);
            noJavaTrace(advise);
        }
    }

    @Test
    void threeThousandNestedParenthesesAreAClearParseErrorWithAPosition() {
        String sql = "SELECT id FROM orders WHERE " + "(".repeat(3000) + "user_id = 1" + ")".repeat(3000);
        int position = "SELECT id FROM orders WHERE ".length() + 101;
        for (String command : new String[] {"rewrite", "analyze"}) {
            Cli.Run run = Cli.run(command, "--sql", sql, "--url", db.url());
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).startsWith("error: ").contains("cannot parse the SQL: nested more than 100 levels deep")
                    .contains("at position " + position).contains("^");
            noJavaTrace(run);
        }
    }

    @Test
    void aControlCharacterIsTheSameClearParseError() {
        String sql = "SELECT id FROM orders WHERE user_id = 1\u0001";
        for (String command : new String[] {"rewrite", "analyze"}) {
            Cli.Run run = Cli.run(command, "--sql", sql, "--url", db.url());
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).startsWith("error: ").contains("cannot parse the SQL: control character U+0001 is not accepted at position 40");
            assertThat(run.err()).doesNotContain("TokenMgr").doesNotContain("Lexical error");
            noJavaTrace(run);
        }
    }

    @Test
    void anInjectedModelNameIsRefusedNamingTheKeyTheUserWrote(@TempDir Path dir) throws Exception {
        Path models = dir.resolve("models.yaml");
        Files.writeString(models, "models:\n  - name: \"users; drop table victim; --\"\n    fields: {id: int}\n");
        Cli.Run run = Cli.run("schema", models.toString(), "--url", db.url(), "--apply");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("key 'name'").contains("'users; drop table victim; --'")
                .doesNotContain("key 'table'").doesNotContain("--s'");
        noJavaTrace(run);
    }

    @Test
    void aRunWhoseAnalysisTimedOutDoesNotSayAllNodesSucceeded(@TempDir Path dir) throws Exception {
        Path flow = dir.resolve("flow.yaml");
        Files.writeString(flow, """
                nodes:
                  - {type: QueryPlanAnalyzerNode, id: slow, config: {query: "SELECT pg_sleep(3)", timeout_ms: 100}}
                  - {type: EchoNode, id: quick, config: {x: 1}}
                """);
        Cli.Run run = Cli.run("run", flow.toString(), "--url", db.url());
        assertThat(run.out()).doesNotContain("All nodes succeeded")
                .contains("Not every node finished its work: 1 of 2 succeeded, 1 timed out without finishing (slow).");
    }
}
