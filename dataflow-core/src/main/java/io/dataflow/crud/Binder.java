package io.dataflow.crud;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** Binds converted values to a statement; the only place values meet JDBC. */
final class Binder {

    private Binder() {
    }

    static void bindAll(PreparedStatement ps, List<?> params) throws SQLException {
        int i = 1;
        for (Object p : params) bind(ps, i++, p);
    }

    static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            // An untyped NULL: the server takes the type from the column it is assigned to.
            ps.setNull(index, Types.NULL);
        } else if (value instanceof SqlArray a) {
            Array array = ps.getConnection().createArrayOf(a.elementType(), a.elements());
            ps.setArray(index, array);
        } else {
            ps.setObject(index, value);
        }
    }
}
