package io.dataflow.crud;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows as maps in column order, with the Java type of each PostgreSQL type fixed by
 * {@link io.dataflow.sql.JdbcValues} (the query cache reads its results the same way).
 */
final class RowReader {

    private RowReader() {
    }

    static List<Map<String, Object>> all(ResultSet rs) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        while (rs.next()) out.add(row(rs));
        return out;
    }

    static Map<String, Object> row(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) row.put(meta.getColumnLabel(i), value(rs, i, meta.getColumnTypeName(i)));
        return row;
    }

    static Object value(ResultSet rs, int i, String typeName) throws SQLException {
        return io.dataflow.sql.JdbcValues.read(rs, i, typeName);
    }
}
