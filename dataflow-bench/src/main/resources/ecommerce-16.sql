-- A 16-statement e-commerce workload over the demo schema, written for issue 18's benchmark
-- (not the guide workload nor the bench templates the advisor was developed on). Weights: calls per second.
-- weight: 40
SELECT * FROM order_items WHERE order_id = 123456;
-- weight: 25
SELECT id, status, total FROM orders WHERE user_id = 4711 ORDER BY created_at DESC LIMIT 10;
-- weight: 10
SELECT count(*) FROM orders WHERE product_id = 321 AND created_at >= now() - interval '60 days';
-- weight: 8
SELECT id, user_id, total FROM orders WHERE status = 'cancelled' AND created_at >= now() - interval '2 days';
-- weight: 15
SELECT id, name, price FROM products WHERE price BETWEEN 20 AND 21 ORDER BY price LIMIT 50;
-- weight: 30
SELECT id, name FROM users WHERE email = 'user31337@example.com';
-- weight: 12
SELECT oi.product_id, oi.quantity, oi.price FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE o.user_id = 2024;
-- weight: 5
SELECT product_id, sum(quantity) AS sold FROM order_items WHERE created_at >= now() - interval '1 day' GROUP BY product_id ORDER BY sold DESC LIMIT 10;
-- weight: 6
SELECT p.name, s.view_count, s.sale_count FROM product_stats s JOIN products p ON p.id = s.product_id WHERE s.product_id = 77;
-- weight: 3
SELECT date_trunc('day', created_at) AS day, sum(total) FROM orders WHERE created_at >= now() - interval '7 days' GROUP BY 1 ORDER BY 1;
-- weight: 4
SELECT u.email, count(*) FROM users u JOIN orders o ON o.user_id = u.id WHERE o.status = 'pending' AND o.created_at < now() - interval '20 days' GROUP BY u.email LIMIT 100;
-- weight: 9
SELECT * FROM order_items WHERE product_id = 55 ORDER BY created_at DESC LIMIT 20;
-- weight: 2
SELECT id FROM users WHERE created_at >= now() - interval '3 hours';
-- weight: 7
SELECT count(*) FROM orders WHERE user_id = 909 AND status = 'shipped';
-- weight: 20
UPDATE orders SET status = 'shipped', updated_at = now() WHERE id = 5555;
-- weight: 20
INSERT INTO order_items (order_id, product_id, quantity, price, created_at) VALUES (5555, 12, 1, 19.99, now());
