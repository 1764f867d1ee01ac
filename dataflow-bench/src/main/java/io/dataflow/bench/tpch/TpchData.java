package io.dataflow.bench.tpch;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * A deterministic TPC-H data generator, written here (no dbgen, no download): the eight tables with
 * the specification's cardinalities (SF x 10k suppliers, 200k parts, 800k partsupp, 150k customers,
 * 1.5M orders with 1-7 lineitems each; 25 nations, 5 regions), its key rules (sparse order keys,
 * customers with key divisible by 3 place no orders, four suppliers per part by the spec's formula,
 * a lineitem's supplier one of its part's four), its value domains (types, containers, brands,
 * segments, priorities, ship modes and instructions, the 92 colours of part names, dates from
 * 1992-01-01, return flags and line status against 1995-06-17, derived order status and total) and
 * comments from a word list in which the words the queries look for occur. Randomness is
 * {@code hashint8} of the row number and a per-column salt: the same scale factor gives the same
 * data on any PostgreSQL (hash functions are stable: hash partitioning depends on it). Comment
 * texts and the distribution details of dbgen's text grammar are simplified, so query results
 * differ from the published answer sets; the access patterns and selectivities are the benchmark's.
 */
public final class TpchData {

    static final List<String> TABLES = List.of("region", "nation", "supplier", "part", "partsupp", "customer", "orders", "lineitem");

    private static final String COLORS = "almond antique aquamarine azure beige bisque black blanched blue blush brown burlywood burnished chartreuse"
            + " chiffon chocolate coral cornflower cornsilk cream cyan dark deep dim dodger drab firebrick floral forest frosted gainsboro ghost"
            + " goldenrod green grey honeydew hot indian ivory khaki lace lavender lawn lemon light lime linen magenta maroon medium metallic"
            + " midnight mint misty moccasin navajo navy olive orange orchid pale papaya peach peru pink plum powder puff purple red rose rosy"
            + " royal saddle salmon sandy seashell sienna sky slate smoke snow spring steel tan thistle tomato turquoise violet wheat white yellow";
    private static final String WORDS = "furiously carefully quickly slyly blithely ironic final regular express bold pending special requests"
            + " deposits accounts packages theodolites foxes pinto beans instructions dependencies excuses platelets asymptotes courts dolphins"
            + " multipliers sauternes warthogs frets dinos attainments somas Tiresias patterns forges braids hockey players frays warhorses"
            + " dugouts notornis epitaphs pearls tithes waters orbits gifts sheaves depths sentiments decoys realms pains grouches escapades"
            + " ideas across above along among according sleep wake cajole haggle nag use boost affix detect integrate maintain nod";

    private TpchData() {
    }

    /** Creates and fills the eight tables (with primary keys, no other index) and analyzes them. */
    public static void load(Connection c, double sf) throws SQLException {
        long supp = Math.round(10_000 * sf);
        long part = Math.round(200_000 * sf);
        long cust = Math.round(150_000 * sf);
        long ord = Math.round(1_500_000 * sf);
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            for (String t : TABLES) st.execute("DROP TABLE IF EXISTS " + t + " CASCADE");
            st.execute("""
                    CREATE OR REPLACE FUNCTION pg_temp.rnd(seed bigint, salt int, lo bigint, hi bigint) RETURNS bigint
                    LANGUAGE sql IMMUTABLE AS $$ SELECT lo + ((hashint8(seed * 7919 + salt)::bigint & 2147483647) % (hi - lo + 1)) $$""");
            st.execute("CREATE OR REPLACE FUNCTION pg_temp.pick(words text[], seed bigint, salt int) RETURNS text LANGUAGE sql IMMUTABLE"
                    + " AS $$ SELECT words[1 + ((hashint8(seed * 7919 + salt)::bigint & 2147483647) % array_length(words, 1))] $$");
            st.execute("CREATE OR REPLACE FUNCTION pg_temp.comment(seed bigint, salt int, n int) RETURNS text LANGUAGE sql IMMUTABLE"
                    + " AS $$ SELECT string_agg(pg_temp.pick(string_to_array('" + WORDS + "', ' '), seed, salt * 16 + k), ' ' ORDER BY k)"
                    + " FROM generate_series(1, n) k $$");
            st.execute("""
                    CREATE TABLE region (r_regionkey int PRIMARY KEY, r_name char(25) NOT NULL, r_comment varchar(152));
                    CREATE TABLE nation (n_nationkey int PRIMARY KEY, n_name char(25) NOT NULL, n_regionkey int NOT NULL, n_comment varchar(152));
                    CREATE TABLE supplier (s_suppkey int PRIMARY KEY, s_name char(25) NOT NULL, s_address varchar(40) NOT NULL,
                        s_nationkey int NOT NULL, s_phone char(15) NOT NULL, s_acctbal numeric(15,2) NOT NULL, s_comment varchar(101) NOT NULL);
                    CREATE TABLE part (p_partkey int PRIMARY KEY, p_name varchar(55) NOT NULL, p_mfgr char(25) NOT NULL, p_brand char(10) NOT NULL,
                        p_type varchar(25) NOT NULL, p_size int NOT NULL, p_container char(10) NOT NULL, p_retailprice numeric(15,2) NOT NULL,
                        p_comment varchar(23) NOT NULL);
                    CREATE TABLE partsupp (ps_partkey int NOT NULL, ps_suppkey int NOT NULL, ps_availqty int NOT NULL,
                        ps_supplycost numeric(15,2) NOT NULL, ps_comment varchar(199) NOT NULL, PRIMARY KEY (ps_partkey, ps_suppkey));
                    CREATE TABLE customer (c_custkey int PRIMARY KEY, c_name varchar(25) NOT NULL, c_address varchar(40) NOT NULL,
                        c_nationkey int NOT NULL, c_phone char(15) NOT NULL, c_acctbal numeric(15,2) NOT NULL, c_mktsegment char(10) NOT NULL,
                        c_comment varchar(117) NOT NULL);
                    CREATE TABLE orders (o_orderkey bigint PRIMARY KEY, o_custkey int NOT NULL, o_orderstatus char(1) NOT NULL,
                        o_totalprice numeric(15,2) NOT NULL, o_orderdate date NOT NULL, o_orderpriority char(15) NOT NULL, o_clerk char(15) NOT NULL,
                        o_shippriority int NOT NULL, o_comment varchar(79) NOT NULL);
                    CREATE TABLE lineitem (l_orderkey bigint NOT NULL, l_partkey int NOT NULL, l_suppkey int NOT NULL, l_linenumber int NOT NULL,
                        l_quantity numeric(15,2) NOT NULL, l_extendedprice numeric(15,2) NOT NULL, l_discount numeric(15,2) NOT NULL,
                        l_tax numeric(15,2) NOT NULL, l_returnflag char(1) NOT NULL, l_linestatus char(1) NOT NULL, l_shipdate date NOT NULL,
                        l_commitdate date NOT NULL, l_receiptdate date NOT NULL, l_shipinstruct char(25) NOT NULL, l_shipmode char(10) NOT NULL,
                        l_comment varchar(44) NOT NULL, PRIMARY KEY (l_orderkey, l_linenumber))""");
            st.execute("""
                    INSERT INTO region VALUES (0, 'AFRICA', 'r0'), (1, 'AMERICA', 'r1'), (2, 'ASIA', 'r2'), (3, 'EUROPE', 'r3'), (4, 'MIDDLE EAST', 'r4');
                    INSERT INTO nation (n_nationkey, n_name, n_regionkey, n_comment) SELECT k - 1, n, r, 'n' || k FROM unnest(
                      ARRAY['ALGERIA','ARGENTINA','BRAZIL','CANADA','EGYPT','ETHIOPIA','FRANCE','GERMANY','INDIA','INDONESIA','IRAN','IRAQ','JAPAN',
                            'JORDAN','KENYA','MOROCCO','MOZAMBIQUE','PERU','CHINA','ROMANIA','SAUDI ARABIA','VIETNAM','RUSSIA','UNITED KINGDOM',
                            'UNITED STATES'],
                      ARRAY[0,1,1,1,4,0,3,3,2,2,4,4,2,4,0,0,0,1,2,3,4,2,3,3,1]) WITH ORDINALITY AS x(n, r, k)""");
            st.execute(String.format(Locale.ROOT, """
                    INSERT INTO supplier SELECT g, 'Supplier#' || lpad(g::text, 9, '0'), 'addr ' || pg_temp.rnd(g, 1, 1, 999999), n,
                      (n + 10) || '-' || pg_temp.rnd(g, 3, 100, 999) || '-' || pg_temp.rnd(g, 4, 100, 999) || '-' || pg_temp.rnd(g, 5, 1000, 9999),
                      pg_temp.rnd(g, 6, -99999, 999999) / 100.0,
                      CASE WHEN pg_temp.rnd(g, 7, 1, 200) = 1 THEN 'wake Customer ' || pg_temp.comment(g, 8, 2) || ' Complaints'
                           WHEN pg_temp.rnd(g, 7, 1, 200) = 2 THEN 'sleep Customer ' || pg_temp.comment(g, 8, 2) || ' Recommends'
                           ELSE pg_temp.comment(g, 8, 6) END
                      FROM generate_series(1, %d) g, LATERAL (SELECT pg_temp.rnd(g, 2, 0, 24)::int AS n) x""", supp));
            st.execute(String.format(Locale.ROOT, """
                    INSERT INTO part SELECT g,
                      (SELECT string_agg(pg_temp.pick(string_to_array('%s', ' '), g, 10 + k), ' ' ORDER BY k) FROM generate_series(1, 5) k),
                      'Manufacturer#' || m, 'Brand#' || m || pg_temp.rnd(g, 2, 1, 5),
                      pg_temp.pick(ARRAY['STANDARD','SMALL','MEDIUM','LARGE','ECONOMY','PROMO'], g, 3) || ' '
                        || pg_temp.pick(ARRAY['ANODIZED','BURNISHED','PLATED','POLISHED','BRUSHED'], g, 4) || ' '
                        || pg_temp.pick(ARRAY['TIN','NICKEL','BRASS','STEEL','COPPER'], g, 5),
                      pg_temp.rnd(g, 6, 1, 50),
                      pg_temp.pick(ARRAY['SM','LG','MED','JUMBO','WRAP'], g, 7) || ' ' || pg_temp.pick(ARRAY['CASE','BOX','BAG','JAR','PKG','PACK','CAN','DRUM'], g, 8),
                      (90000 + ((g / 10) %% 20001) + 100 * (g %% 1000)) / 100.0, left(pg_temp.comment(g, 9, 3), 23)
                      FROM generate_series(1, %d) g, LATERAL (SELECT pg_temp.rnd(g, 1, 1, 5) AS m) x""", COLORS, part));
            st.execute(String.format(Locale.ROOT, """
                    INSERT INTO partsupp SELECT p, (p + (i * (%d / 4 + (p - 1) / %d))) %% %d + 1, pg_temp.rnd(p * 4 + i, 1, 1, 9999),
                      pg_temp.rnd(p * 4 + i, 2, 100, 100000) / 100.0, pg_temp.comment(p * 4 + i, 3, 8)
                      FROM generate_series(1, %d) p, generate_series(0, 3) i""", supp, supp, supp, part));
            st.execute(String.format(Locale.ROOT, """
                    INSERT INTO customer SELECT g, 'Customer#' || lpad(g::text, 9, '0'), 'addr ' || pg_temp.rnd(g, 1, 1, 999999), n,
                      (n + 10) || '-' || pg_temp.rnd(g, 3, 100, 999) || '-' || pg_temp.rnd(g, 4, 100, 999) || '-' || pg_temp.rnd(g, 5, 1000, 9999),
                      pg_temp.rnd(g, 6, -99999, 999999) / 100.0,
                      pg_temp.pick(ARRAY['AUTOMOBILE','BUILDING','FURNITURE','MACHINERY','HOUSEHOLD'], g, 7), pg_temp.comment(g, 8, 7)
                      FROM generate_series(1, %d) g, LATERAL (SELECT pg_temp.rnd(g, 2, 0, 24)::int AS n) x""", cust));
            // orders i = 1..N: key sparse (8 of every 32), date uniform in [1992-01-01, 1998-08-02 - 151 days]
            st.execute(String.format(Locale.ROOT, """
                    CREATE TEMP TABLE o0 AS SELECT ((g - 1) / 8) * 32 + (g - 1) %% 8 + 1 AS k, g,
                      date '1992-01-01' + pg_temp.rnd(g, 1, 0, (date '1998-08-02' - 151) - date '1992-01-01')::int AS d
                      FROM generate_series(1, %d) g""", ord));
            st.execute(String.format(Locale.ROOT, """
                    INSERT INTO lineitem SELECT k, p, (p + (s * (%d / 4 + (p - 1) / %d))) %% %d + 1, ln, q,
                      q * (90000 + ((p / 10) %% 20001) + 100 * (p %% 1000)) / 100.0, pg_temp.rnd(k * 8 + ln, 4, 0, 10) / 100.0,
                      pg_temp.rnd(k * 8 + ln, 5, 0, 8) / 100.0,
                      CASE WHEN rd <= date '1995-06-17' THEN (ARRAY['R','A'])[pg_temp.rnd(k * 8 + ln, 6, 1, 2)] ELSE 'N' END,
                      CASE WHEN sd > date '1995-06-17' THEN 'O' ELSE 'F' END, sd, d + pg_temp.rnd(k * 8 + ln, 7, 30, 90)::int, rd,
                      pg_temp.pick(ARRAY['DELIVER IN PERSON','COLLECT COD','NONE','TAKE BACK RETURN'], k * 8 + ln, 8),
                      pg_temp.pick(ARRAY['REG AIR','AIR','RAIL','SHIP','TRUCK','MAIL','FOB'], k * 8 + ln, 9), left(pg_temp.comment(k * 8 + ln, 10, 4), 44)
                      FROM o0, generate_series(1, pg_temp.rnd(k, 11, 1, 7)::int) ln,
                      LATERAL (SELECT pg_temp.rnd(k * 8 + ln, 1, 1, %d)::int AS p, pg_temp.rnd(k * 8 + ln, 2, 0, 3) AS s,
                                      pg_temp.rnd(k * 8 + ln, 3, 1, 50) AS q, d + pg_temp.rnd(k * 8 + ln, 12, 1, 121)::int AS sd) a,
                      LATERAL (SELECT sd + pg_temp.rnd(k * 8 + ln, 13, 1, 30)::int AS rd) b""", supp, supp, supp, part));
            st.execute(String.format(Locale.ROOT, """
                    INSERT INTO orders SELECT o0.k, c, CASE WHEN l.f = l.n THEN 'F' WHEN l.f = 0 THEN 'O' ELSE 'P' END, l.total, o0.d,
                      pg_temp.pick(ARRAY['1-URGENT','2-HIGH','3-MEDIUM','4-NOT SPECIFIED','5-LOW'], o0.g, 2),
                      'Clerk#' || lpad(pg_temp.rnd(o0.g, 3, 1, %d)::text, 9, '0'), 0, left(pg_temp.comment(o0.g, 4, 5), 79)
                      FROM o0 JOIN (SELECT l_orderkey, count(*) AS n, count(*) FILTER (WHERE l_linestatus = 'F') AS f,
                                           sum(l_extendedprice * (1 + l_tax) * (1 - l_discount)) AS total FROM lineitem GROUP BY l_orderkey) l
                        ON l.l_orderkey = o0.k,
                      LATERAL (SELECT CASE WHEN r %% 3 = 0 THEN r + 1 ELSE r END AS c FROM (SELECT pg_temp.rnd(o0.g, 1, 1, %d - 1) AS r) z) cc""",
                    Math.max(1, Math.round(1000 * sf)), cust));
            st.execute("DROP TABLE o0");
            st.execute("VACUUM ANALYZE");
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
