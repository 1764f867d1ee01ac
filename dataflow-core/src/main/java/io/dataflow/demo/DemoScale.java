package io.dataflow.demo;

import java.util.Arrays;
import java.util.Locale;

/**
 * How much data the demo generates. Small finishes in seconds on two cores; medium is the size the
 * guide's advice starts to matter at (100k users, 1M orders).
 */
public enum DemoScale {
    SMALL(2_000, 500, 20_000, 20_000, 3_000),
    MEDIUM(100_000, 10_000, 1_000_000, 300_000, 50_000),
    LARGE(1_000_000, 50_000, 10_000_000, 3_000_000, 500_000);

    public final int users;
    public final int products;
    public final int orders;
    public final int events;
    public final int customers;

    DemoScale(int users, int products, int orders, int events, int customers) {
        this.users = users;
        this.products = products;
        this.orders = orders;
        this.events = events;
        this.customers = customers;
    }

    public static DemoScale parse(String name) {
        return Arrays.stream(values()).filter(v -> v.name().equalsIgnoreCase(name)).findFirst().orElseThrow(() ->
                new io.dataflow.config.ConfigException("demo", "scale", "unknown scale '" + name + "'; accepted: small, medium, large"));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
