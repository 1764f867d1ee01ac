package io.dataflow.it.maintenance;

import io.dataflow.it.TestDatabase;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** Small tables with known bloat, and catalog reads the maintenance tests check against. */
final class Tables {

    private Tables() {
    }

    /**
     * 100,000 narrow rows (two ints and a short, sometimes null, text), autovacuum off so nothing
     * tidies up behind the test, then every row whose id is not a multiple of {@code keepEvery}
     * deleted: keepEvery 2 leaves half, 3 a third.
     */
    static void bloated(TestDatabase db, String table, int keepEvery) {
        db.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, qty int NOT NULL, note text) WITH (autovacuum_enabled = false)");
        db.execute("INSERT INTO " + table + " SELECT g, g % 97, CASE WHEN g % 5 = 0 THEN NULL ELSE repeat('x', g % 40) END"
                + " FROM generate_series(1, 100000) g");
        db.execute("DELETE FROM " + table + " WHERE id % " + keepEvery + " <> 0");
    }

    /**
     * Runs a VACUUM (or what runs one) until it leaves no dead rows in the table. On a shared
     * server another session can hold the xmin horizon back for a while, and VACUUM then keeps the
     * dead rows as "recently dead"; only that is retried: a VACUUM that never ran leaves them too,
     * and fails after 30 s.
     */
    static <T> T untilNoDeadRows(TestDatabase db, String table, Supplier<T> vacuum) {
        db.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple");
        try {
            for (int i = 0; ; i++) {
                T result = vacuum.get();
                String dead = db.value("SELECT dead_tuple_count FROM pgstattuple('" + table + "')");
                if ("0".equals(dead) || i == 30) return result;
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The table's reloptions as name -> value, with its TOAST table's as toast.name. */
    static Map<String, String> reloptions(TestDatabase db, String table) {
        Map<String, String> out = new TreeMap<>();
        for (String o : db.column("SELECT unnest(reloptions) FROM pg_class WHERE oid = '" + table + "'::regclass")) {
            out.put(o.substring(0, o.indexOf('=')), o.substring(o.indexOf('=') + 1));
        }
        for (String o : db.column("SELECT unnest(t.reloptions) FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid"
                + " WHERE c.oid = '" + table + "'::regclass")) {
            out.put("toast." + o.substring(0, o.indexOf('=')), o.substring(o.indexOf('=') + 1));
        }
        return out;
    }

    static long size(TestDatabase db, String relation) {
        return Long.parseLong(db.value("SELECT pg_relation_size('" + relation + "'::regclass)"));
    }

    static String oid(TestDatabase db, String relation) {
        return db.value("SELECT '" + relation + "'::regclass::oid");
    }
}
