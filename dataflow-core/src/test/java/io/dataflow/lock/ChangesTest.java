package io.dataflow.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.DataFlowException;
import io.dataflow.config.ConfigException;
import io.dataflow.crud.CrudTestModels;
import io.dataflow.model.ModelSpec;
import java.math.BigDecimal;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ChangesTest {

    final ModelSpec product = CrudTestModels.product();
    final ModelSpec sample = CrudTestModels.allTypes();

    private Changes parse(ModelSpec model, Map<String, ?> fields) {
        return Changes.parse(model, fields, "node 'u'", "fields", v -> false);
    }

    @Test
    void operatorsAndFunctionsAreComputedFromTheCurrentValue() {
        UnaryOperator<Object> upper = v -> ((String) v).toUpperCase();
        Changes c = parse(product, Map.of("price", Map.of("$mul", 1.5), "name", upper));
        assertThat(c.valuesFor(Map.of("id", 1L, "name", "lamp", "price", 10.0, "version", 3L)))
                .containsEntry("price", 15.0).containsEntry("name", "LAMP");
        Changes s = parse(sample, Map.of("n_int", Map.of("$inc", 5), "n_int32", Map.of("$mul", 3), "m_decimal", Map.of("$inc", 0.1),
                "r_real", Map.of("$inc", 1), "j_dict", Map.of("$set", Map.of("$weird", 1))));
        assertThat(s.valuesFor(Map.of("n_int", 10L, "n_int32", 7, "m_decimal", new BigDecimal("1.20"), "r_real", 1.5f, "j_dict", Map.of())))
                .containsEntry("n_int", 15L).containsEntry("n_int32", 21).containsEntry("m_decimal", new BigDecimal("1.30"))
                .containsEntry("r_real", 2.5f).containsEntry("j_dict", Map.of("$weird", 1));
        assertThat(parse(product, Map.of("price", Change.inc(2))).valuesFor(Map.of("price", 1.0))).containsEntry("price", 3.0);
    }

    @Test
    void arithmeticOnNullOrOverflowIsAnError() {
        Changes c = parse(sample, Map.of("n_int", Map.of("$inc", 1)));
        assertThatThrownBy(() -> c.valuesFor(new java.util.HashMap<>(Map.of("s_str", "x")))).isInstanceOf(DataFlowException.class)
                .hasMessageContaining("cannot apply $inc to n_int: its current value is NULL");
        assertThatThrownBy(() -> c.valuesFor(Map.of("n_int", Long.MAX_VALUE))).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void badFieldsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> parse(product, Map.of("prise", 1))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("node 'u', key 'fields.prise'").hasMessageContaining("did you mean 'price'");
        assertThatThrownBy(() -> parse(product, Map.of("version", 2))).hasMessageContaining("key 'fields.version'")
                .hasMessageContaining("expected_version");
        assertThatThrownBy(() -> parse(product, Map.of("id", 2))).hasMessageContaining("key 'fields.id'");
        assertThatThrownBy(() -> parse(product, Map.of())).hasMessageContaining("key 'fields': is empty");
        assertThatThrownBy(() -> parse(product, Map.of("price", Map.of("$incr", 1)))).hasMessageContaining("key 'fields.price.$incr'")
                .hasMessageContaining("did you mean '$inc'");
        assertThatThrownBy(() -> parse(product, Map.of("name", Map.of("$inc", 1)))).hasMessageContaining("needs a numeric column");
        assertThatThrownBy(() -> parse(product, Map.of("price", Map.of("$inc", "lots")))).hasMessageContaining("must be a number");
        assertThatThrownBy(() -> parse(sample, Map.of("n_int", Map.of("$mul", 1.1)))).hasMessageContaining("must be a whole number");
        assertThatThrownBy(() -> parse(product, Map.of("price", "cheap"))).hasMessageContaining("key 'fields.price'")
                .hasMessageNotContaining("model Product, key");
        assertThatThrownBy(() -> parse(product, Map.of("price", Map.of("$inc", 1, "$mul", 2)))).hasMessageContaining("exactly one operator");
    }

    @Test
    void deferredValuesAreCheckedOnlyForTheirKeys() {
        Changes c = Changes.parse(product, Map.of("price", Map.of("$inc", "LATER"), "name", "LATER"), "w", "fields", "LATER"::equals);
        assertThat(c.columns()).containsExactlyInAnyOrder("price", "name");
    }
}
