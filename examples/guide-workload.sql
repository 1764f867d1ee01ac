-- A workload over the guide's schema for ./dataflow advise --sql-file (weights: calls per minute).
-- weight: 50
SELECT * FROM orders WHERE user_id = 42 ORDER BY created_at DESC LIMIT 20;
-- weight: 20
SELECT o.*, u.name, p.name AS title FROM orders o JOIN users u ON o.user_id = u.id JOIN products p ON o.product_id = p.id
 WHERE o.status = 'completed' AND o.created_at >= now() - interval '30 days' ORDER BY o.created_at DESC LIMIT 100;
-- weight: 30
SELECT count(*) FROM orders WHERE status = 'pending' AND user_id = 17;
-- weight: 10
SELECT * FROM orders WHERE product_id = 7 AND created_at >= now() - interval '30 days';
-- weight: 40
SELECT * FROM users WHERE email = 'user42@example.com';
-- weight: 40
SELECT * FROM order_items WHERE order_id = 1234;
-- weight: 5
SELECT product_id, sum(quantity) FROM order_items WHERE product_id = 12 AND created_at > now() - interval '7 days' GROUP BY product_id;
-- weight: 25
SELECT * FROM product_stats WHERE product_id = 99;
-- weight: 10
SELECT u.name, o.total FROM users u JOIN orders o ON o.user_id = u.id WHERE u.email = 'user7@example.com';
-- weight: 5
SELECT id, total FROM orders WHERE created_at >= now() - interval '1 day';
-- weight: 15
SELECT id, total FROM orders WHERE user_id = 5 AND status = 'completed';
-- weight: 10
SELECT * FROM order_items WHERE product_id = 3 ORDER BY created_at DESC LIMIT 10;
-- weight: 2
SELECT * FROM users WHERE created_at > now() - interval '1 day';
-- weight: 10
SELECT o.id, oi.quantity FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE o.user_id = 99;
-- weight: 5
SELECT count(*) FROM orders WHERE product_id = 250;
-- weight: 10
SELECT status, count(*) FROM orders WHERE user_id = 1 GROUP BY status;
-- weight: 20
UPDATE orders SET status = 'shipped', updated_at = now() WHERE id = 77;
-- weight: 5
SELECT * FROM products WHERE price BETWEEN 100 AND 101;
