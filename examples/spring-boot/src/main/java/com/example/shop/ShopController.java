package com.example.shop;

import io.dataflow.DataFlow;
import io.dataflow.lock.Conflict;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A small shop over DataFlow's CRUD: reads are cached by the rules in application.yaml, writes invalidate them. */
@RestController
public class ShopController {

    private final DataFlow db;

    public ShopController(DataFlow db) {
        this.db = db;
    }

    @PostMapping("/users")
    public Map<String, Object> createUser(@RequestBody Map<String, Object> user) {
        return db.repository("User").create(user);
    }

    @PostMapping("/products")
    public Map<String, Object> createProduct(@RequestBody Map<String, Object> product) {
        return db.repository("Product").create(product);
    }

    @GetMapping("/products/{id}")
    public ResponseEntity<Map<String, Object>> product(@PathVariable long id) {
        return ResponseEntity.of(db.repository("Product").read(id));
    }

    /** An optimistic update that retries on a concurrent change. */
    @PutMapping("/products/{id}/price")
    public Map<String, Object> reprice(@PathVariable long id, @RequestBody Map<String, Object> body) {
        return db.update("Product", id, Map.of("price", body.get("price")), Conflict.RETRY).row();
    }

    /** Places an order in one Spring transaction: the order and the check run on one connection. */
    @PostMapping("/orders")
    @Transactional
    public ResponseEntity<Map<String, Object>> order(@RequestBody Map<String, Object> order) {
        Map<String, Object> created = db.repository("Order").create(Map.of("user_id", order.get("user_id"),
                "product_id", order.get("product_id"), "status", "pending", "total", order.get("total")));
        if (db.repository("Product").read(order.get("product_id")).isEmpty()) {
            throw new UnknownProduct(order.get("product_id")); // rolls the order back
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(created);
    }

    @GetMapping("/users/{id}/orders")
    public List<Map<String, Object>> orders(@PathVariable long id) {
        return db.query("SELECT * FROM orders WHERE user_id = :id ORDER BY id", Map.of("id", id)).rows();
    }

    @org.springframework.web.bind.annotation.ResponseStatus(HttpStatus.NOT_FOUND)
    static class UnknownProduct extends RuntimeException {
        UnknownProduct(Object id) {
            super("no product " + id);
        }
    }
}
