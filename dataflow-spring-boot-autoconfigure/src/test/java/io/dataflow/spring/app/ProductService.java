package io.dataflow.spring.app;

import io.dataflow.DataFlow;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Application code mixing DataFlow's CRUD and JdbcTemplate in Spring transactions. */
@Repository
public class ProductService {

    private final DataFlow db;
    private final JdbcTemplate jdbc;

    public ProductService(DataFlow db, JdbcTemplate jdbc) {
        this.db = db;
        this.jdbc = jdbc;
    }

    /** Creates, reads it back through the cache (inside the transaction), then fails. */
    @Transactional
    public void createThenFail(long id, String name) {
        db.repository("Product").create(Map.of("id", id, "name", name, "price", 9.5));
        if (db.repository("Product").read(id).isEmpty()) throw new IllegalStateException("the write is not visible in its own transaction");
        throw new IllegalStateException("boom after writing product " + id);
    }

    /** SQL through DataFlow's execute and its cached query, in the transaction, then a failure. */
    @Transactional
    public long executeThenFail(long id) {
        db.execute("INSERT INTO products (id, name, price) VALUES (:id, 'sql', 1)", Map.of("id", id));
        Object seen = db.query("SELECT count(*) AS n FROM products WHERE id = :id", Map.of("id", id)).rows().get(0).get("n");
        if (!Long.valueOf(1).equals(seen)) throw new IllegalStateException("the insert is not visible in its own transaction: " + seen);
        throw new IllegalStateException("boom after executing for " + id);
    }

    /** A DataFlow write and a JdbcTemplate read in one transaction: one connection sees both. */
    @Transactional
    public long createAndCountWithJdbc(long id, String name) {
        db.repository("Product").create(Map.of("id", id, "name", name, "price", 1.0));
        return jdbc.queryForObject("SELECT count(*) FROM products WHERE id = ?", Long.class, id);
    }

    public Optional<Map<String, Object>> read(long id) {
        return db.repository("Product").read(id);
    }

    /** An update naming a version the row has moved past. */
    public void updateAtVersion(long id, long version, double price) {
        db.repository("Product").bulkUpdateRows(java.util.List.of(Map.of("id", id, "version", version, "price", price)));
    }
}
