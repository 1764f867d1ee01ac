package io.dataflow.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamingTest {

    @ParameterizedTest
    @CsvSource({"Order,orders", "OrderItem,order_items", "ProductStats,product_stats", "User,users", "Category,categories",
            "Day,days", "Address,addresses", "Box,boxes", "Event,events", "Customer,customers", "HTTPRequest,http_requests"})
    void tableNames(String model, String table) {
        assertThat(Naming.tableName(model)).isEqualTo(table);
    }

    @ParameterizedTest
    @CsvSource({"userId,user_id", "user_id,user_id", "createdAt,created_at", "id,id", "productID,product_id", "timestamp,timestamp"})
    void columnNames(String field, String column) {
        assertThat(Naming.snakeCase(field)).isEqualTo(column);
    }
}
