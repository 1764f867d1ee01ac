package io.dataflow.model;

import java.time.Instant;
import java.util.Map;

/** The guide's models written as annotated Java records. */
public final class GuideRecords {

    private GuideRecords() {
    }

    @Model(indexes = {
            @Model.Index(fields = {"user_id", "status", "created_at"}),
            @Model.Index(fields = {"product_id", "created_at"}),
            @Model.Index(fields = {"status", "created_at"}, include = {"user_id", "total"}, name = "idx_status_covering"),
            @Model.Index(fields = {"user_id"}, where = "status = 'pending'", name = "idx_pending_orders"),
            @Model.Index(expression = "EXTRACT(YEAR FROM created_at)", name = "idx_order_year")})
    public record Order(long id, long userId, long productId, String status, Instant createdAt, Instant updatedAt, double total) {
    }

    @Model(partitioning = @Model.Partitioning(strategy = "range", key = "timestamp", interval = "monthly",
            retention = @Model.Retention(keepMonths = 12, archiveMonths = 24, deleteAfter = 36),
            automatic = @Model.Automatic(createAhead = 3, maintenanceSchedule = "daily")))
    public record Event(long id, Instant timestamp, String eventType, Map<String, Object> data) {
    }

    @Model(partitioning = @Model.Partitioning(strategy = "list", key = "region", partitions = {
            @Model.ListPartition(name = "us_customers", values = {"us-east", "us-west"}),
            @Model.ListPartition(name = "eu_customers", values = {"eu-west", "eu-central"}),
            @Model.ListPartition(name = "asia_customers", values = {"asia-pacific", "asia-south"})}))
    public record Customer(long id, String region, String name) {
    }

    @Model(optimisticLock = "version", retryOnConflict = 3)
    public record Product(long id, String name, double price, @Field(defaultValue = "1") long version) {
    }
}
