package com.example.shop;

import io.dataflow.model.Field;
import io.dataflow.model.Model;
import java.time.Instant;

/** The guide's users, products and orders, as DataFlow models (dataflow.models names this package). */
public final class Models {

    private Models() {
    }

    @Model(indexes = @Model.Index(fields = {"email"}, unique = true, name = "idx_users_email"))
    public record User(long id, String name, String email, Instant createdAt) {
    }

    @Model(optimisticLock = "version", retryOnConflict = 3)
    public record Product(long id, String name, double price, @Field(defaultValue = "1") long version) {
    }

    @Model(indexes = {
            @Model.Index(fields = {"user_id", "status", "created_at"}),
            @Model.Index(fields = {"status", "created_at"}, include = {"user_id", "total"}, name = "idx_status_covering"),
            @Model.Index(fields = {"user_id"}, where = "status = 'pending'", name = "idx_pending_orders")})
    public record Order(long id, long userId, long productId, String status, Instant createdAt, Instant updatedAt, double total) {
    }
}
