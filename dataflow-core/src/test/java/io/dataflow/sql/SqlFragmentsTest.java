package io.dataflow.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SqlFragmentsTest {

    private static final Set<String> COLUMNS = Set.of("id", "user_id", "status", "created_at", "total");

    private static SqlFragment parse(String text) {
        return SqlFragments.expression(text, "model Order, index idx_x", "where", "orders", COLUMNS);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "status = 'pending'",
            "status IN ('a', 'b') AND total > 10.5",
            "EXTRACT(YEAR FROM created_at)",
            "lower(status)",
            "status = 'it''s'",
            "orders.status = 'x'",
            "total IS NOT NULL",
            "created_at > '2024-01-01'::timestamptz"})
    void acceptsSingleExpressionsOverTheModelsColumns(String text) {
        SqlFragment f = parse(text);
        assertThat(f.text()).isEqualTo(text);
        assertThat(f.columns()).isNotEmpty().isSubsetOf(COLUMNS);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "status = 'x'; DROP TABLE users                 | ';' is not accepted                | 13",
            "status = 'x';                                   | ';' is not accepted                | 13",
            "status = 'x' -- AND 1=1                         | comments are not accepted          | 14",
            "status = 'x' /* hidden */                       | comments are not accepted          | 14",
            "status = 'x' /* ; DROP TABLE users */           | comments are not accepted          | 14",
            "status = 'pending                               | unterminated string literal        | 10",
            "status = \"pending                              | unterminated quoted identifier     | 10",
            "status = $$x$$                                  | dollar-quoted                      | 10",
            "user_id IN (SELECT id FROM users)               | subqueries are not accepted        | 13",
            "EXISTS (SELECT 1)                               | subqueries are not accepted        | 9",
            "user_id = ANY (VALUES (1))                      | subqueries are not accepted        | 16",
            "nope = 1                                        | unknown column 'nope'              | 1",
            "status = 'x' AND secret > 0                     | unknown column 'secret'            | 18",
            "users.id = 1                                    | only the model's own columns       | 1",
            "public.orders.id = 1                            | only the model's own columns       | 8",
            "status = :status                                | parameters are not accepted        | 10",
            "status = 'x' status                             | unexpected text after the expression | 14",
            "status = 'x') OR (1 = 1                         | unexpected text after the expression | 13",
            "(status = 'x'                                   | not a valid SQL expression         | 13",
            "                                                | an empty expression                | 1"})
    void refusesHostileFragmentsWithPosition(String text, String problem, int position) {
        String fragment = text == null ? "" : text.strip();
        assertThatThrownBy(() -> parse(fragment))
                .isInstanceOf(FragmentException.class)
                .hasMessageContaining("model Order, index idx_x")
                .hasMessageContaining("where")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((FragmentException) e).position()).isEqualTo(position));
    }

    @Test
    void positionPointsIntoMultiLineText() {
        assertThatThrownBy(() -> parse("status = 'x'\nAND bad_col = 1"))
                .isInstanceOf(FragmentException.class)
                .satisfies(e -> assertThat(((FragmentException) e).position()).isEqualTo(18));
    }

    @Property(tries = 200)
    void anythingAfterASemicolonIsRefused(@ForAll @StringLength(max = 30) String tail) {
        assertThatThrownBy(() -> parse("status = 'a'; " + tail)).isInstanceOf(FragmentException.class);
    }

    @Property(tries = 200)
    void stringLiteralsNeverEscape(@ForAll @StringLength(max = 40) String value) {
        String literal = Identifiers.literal(value.replace("\0", ""));
        SqlFragment f = parse("status = " + literal);
        assertThat(f.columns()).containsExactly("status");
    }
}
