package io.dataflow.crud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflow.config.ConfigException;
import io.dataflow.model.ModelSpec;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiltersTest {

    final ModelSpec model = CrudTestModels.allTypes();

    private ConfigException refused(Map<String, ?> filter) {
        return (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> Filters.validate(model, filter, "node find", "filter"));
    }

    @Test
    void anUnknownColumnIsRefusedWithTheClosestColumnAndWhereItWas() {
        ConfigException e = refused(Map.of("s_strr", "x"));
        assertThat(e.where()).isEqualTo("node find");
        assertThat(e.key()).isEqualTo("filter.s_strr");
        assertThat(e).hasMessageContaining("unknown column 's_strr'").hasMessageContaining("did you mean 's_str'?");
    }

    @Test
    void anUnknownOperatorListsTheAcceptedOnes() {
        ConfigException e = refused(Map.of("n_int", Map.of("$gtee", 3)));
        assertThat(e.key()).isEqualTo("filter.n_int.$gtee");
        assertThat(e).hasMessageContaining("unknown operator '$gtee'").hasMessageContaining("did you mean '$gte'?")
                .hasMessageContaining("$eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $like, $ilike, $null");
    }

    @Test
    void anUnknownTopLevelOperatorNamesAndAndOr() {
        assertThat(refused(Map.of("$nor", List.of(Map.of("n_int", 1))))).hasMessageContaining("accepted here: $and, $or");
        assertThat(refused(Map.of("n_int", Map.of("$or", List.of())))).hasMessageContaining("combine whole filters at the top level");
    }

    @Test
    void inAndNinNeedALists() {
        assertThat(refused(Map.of("n_int", Map.of("$in", 3)))).hasMessageContaining("$in needs a list of values");
        assertThat(refused(Map.of("n_int", Map.of("$nin", "1,2")))).hasMessageContaining("$nin needs a list of values");
    }

    @Test
    void andOrNeedNonEmptyListsOfFilters() {
        assertThat(refused(Map.of("$and", Map.of("n_int", 1)))).hasMessageContaining("$and needs a non-empty list of filters");
        assertThat(refused(Map.of("$or", List.of()))).hasMessageContaining("$or needs a non-empty list of filters");
        ConfigException e = refused(Map.of("$or", List.of(Map.of("n_int", 1), "n_int = 2")));
        assertThat(e.key()).isEqualTo("filter.$or[1]");
    }

    @Test
    void nestedErrorsNameTheirFullPath() {
        ConfigException e = refused(Map.of("$or", List.of(Map.of("n_int", 1), Map.of("$and", List.of(Map.of("nint", 2))))));
        assertThat(e.key()).isEqualTo("filter.$or[1].$and[0].nint");
        assertThat(e).hasMessageContaining("did you mean 'n_int'?");
    }

    @Test
    void operatorArgumentsOfTheWrongKindAreRefused() {
        assertThat(refused(Map.of("n_int", Map.of("$like", "1%")))).hasMessageContaining("$like applies to text columns");
        assertThat(refused(Map.of("s_str", Map.of("$ilike", 5)))).hasMessageContaining("needs a text pattern");
        assertThat(refused(Map.of("s_str", Map.of("$null", "yes")))).hasMessageContaining("$null takes true");
        assertThat(refused(Map.of("n_int", Map.of("$gt", List.of(1))))).hasMessageContaining("cannot be a list");
        assertThat(refused(Map.of("n_int", List.of(1, 2)))).hasMessageContaining("write {\"$in\": [...]}");
        assertThat(refused(Map.of("n_int", Map.of("$gte", 1, "x", 2)))).hasMessageContaining("mixes operators and plain keys");
        assertThat(refused(Map.of("n_int", Map.of("a", 1)))).hasMessageContaining("a map is not a value for column n_int");
        Map<String, Object> gtNull = new HashMap<>();
        gtNull.put("$gt", null);
        assertThat(refused(Map.of("n_int", gtNull))).hasMessageContaining("$gt needs a value to compare with, not null");
    }

    @Test
    void validationDoesNotConvertValuesSoReferencesPass() {
        Filters.validate(model, Map.of("n_int", ":user_id", "s_str", Map.of("$in", List.of(":a", ":b"))), "node n", "filter");
    }

    @Test
    void valuesAreBoundParametersAndColumnsAreQuoted() {
        CompiledFilter f = Filters.compile(model, Map.of("s_str", "x'; DROP TABLE samples; --"));
        assertThat(f.sql()).isEqualTo("\"s_str\" = ?");
        assertThat(f.params()).containsExactly("x'; DROP TABLE samples; --");
    }

    @Test
    void operatorsCombinePerColumnAndValuesConvertToTheColumnType() {
        CompiledFilter f = Filters.compile(model, orderedMap("f_float", orderedMap("$gte", 10, "$lt", "20"), "t_datetime", Map.of("$gt", "2024-01-01")));
        assertThat(f.sql()).isEqualTo("((\"f_float\" >= ? AND \"f_float\" < ?) AND \"t_datetime\" > ?)");
        assertThat(f.params()).containsExactly(10.0, 20.0, OffsetDateTime.parse("2024-01-01T00:00:00Z"));
    }

    @Test
    void andOrNest() {
        CompiledFilter f = Filters.compile(model, Map.of("$or", List.of(
                Map.of("n_int", 1),
                Map.of("$and", List.of(Map.of("s_str", Map.of("$like", "a%")), Map.of("b_bool", "true"))))));
        assertThat(f.sql()).isEqualTo("(\"n_int\" = ? OR (\"s_str\" LIKE ? AND \"b_bool\" = ?))");
        assertThat(f.params()).containsExactly(1L, "a%", true);
    }

    @Test
    void nullMeansIsNullAndNeNinKeepNullRowsAsMongoDoes() {
        Map<String, Object> isNull = new HashMap<>();
        isNull.put("s_str", null);
        assertThat(Filters.compile(model, isNull).sql()).isEqualTo("\"s_str\" IS NULL");
        assertThat(Filters.compile(model, Map.of("s_str", Map.of("$null", false))).sql()).isEqualTo("\"s_str\" IS NOT NULL");
        assertThat(Filters.compile(model, Map.of("s_str", Map.of("$ne", "a"))).sql()).isEqualTo("\"s_str\" IS DISTINCT FROM ?");
        assertThat(Filters.compile(model, Map.of("s_str", Map.of("$nin", List.of("a")))).sql()).isEqualTo("(\"s_str\" IS NULL OR NOT \"s_str\" = ANY(?))");
        assertThat(Filters.compile(model, Map.of("s_str", Map.of("$nin", Arrays.asList("a", null)))).sql())
                .isEqualTo("(\"s_str\" IS NOT NULL AND NOT \"s_str\" = ANY(?))");
        assertThat(Filters.compile(model, Map.of("s_str", Map.of("$in", Arrays.asList("a", null)))).sql())
                .isEqualTo("(\"s_str\" = ANY(?) OR \"s_str\" IS NULL)");
    }

    @Test
    void emptyInMatchesNothingAndEmptyNinEverything() {
        assertThat(Filters.compile(model, Map.of("n_int", Map.of("$in", List.of()))).sql()).isEqualTo("FALSE");
        assertThat(Filters.compile(model, Map.of("n_int", Map.of("$nin", List.of()))).sql()).isEqualTo("TRUE");
        assertThat(Filters.compile(model, Map.of()).whereClause()).isEmpty();
    }

    @Test
    void inListsBindOneTypedArray() {
        CompiledFilter f = Filters.compile(model, Map.of("n_int", Map.of("$in", List.of(1, "2", 3L))));
        assertThat(f.params()).hasSize(1);
        SqlArray a = (SqlArray) f.params().get(0);
        assertThat(a.elementType()).isEqualTo("int8");
        assertThat(a.elements()).containsExactly("1", "2", "3");
    }

    @Test
    void aValueThatDoesNotConvertNamesItsPath() {
        assertThatThrownBy(() -> Filters.compile(model, Map.of("n_int", Map.of("$in", List.of(1, "two")))))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("model Sample, key 'filter.n_int.$in[1]'")
                .hasMessageContaining("'two' (text) is not a whole number");
    }

    @Test
    void aDictColumnTakesAMapAsAValue() {
        CompiledFilter f = Filters.compile(model, Map.of("j_dict", Map.of("a", 1)));
        assertThat(f.sql()).isEqualTo("\"j_dict\" = ?");
        assertThat(PgText.of(f.params().get(0))).isEqualTo("{\"a\":1}");
    }

    private static Map<String, Object> orderedMap(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
