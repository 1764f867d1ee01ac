package io.dataflow.lock;

import io.dataflow.DataFlowException;
import io.dataflow.model.FieldSpec;
import java.math.BigDecimal;
import java.util.function.Function;

/**
 * The new value of one field: a constant, or a function of the value the row has when the update is
 * attempted. Functions are recomputed on every attempt, so a retried {@code $inc} never loses an increment.
 */
public sealed interface Change {

    /** The value to write, given the field's current value (as read, in {@code RowReader}'s Java types). */
    Object next(FieldSpec field, Object current);

    static Change set(Object value) {
        return new Set(value);
    }

    /** {@code {$inc: n}}: current + n. */
    static Change inc(Number amount) {
        return new Inc(amount);
    }

    /** {@code {$mul: f}}: current × f. */
    static Change mul(Number factor) {
        return new Mul(factor);
    }

    /** Any Java function of the current value (a {@code UnaryOperator} too); it receives the value as read. */
    @SuppressWarnings("unchecked")
    static Change apply(Function<?, ?> function) {
        return new Apply((Function<Object, Object>) function);
    }

    record Set(Object value) implements Change {
        @Override
        public Object next(FieldSpec field, Object current) {
            return value;
        }
    }

    record Inc(Number amount) implements Change {
        @Override
        public Object next(FieldSpec field, Object current) {
            return Arithmetic.add(field, requireNumber(field, current, "$inc"), amount);
        }
    }

    record Mul(Number factor) implements Change {
        @Override
        public Object next(FieldSpec field, Object current) {
            return Arithmetic.multiply(field, requireNumber(field, current, "$mul"), factor);
        }
    }

    record Apply(Function<Object, Object> function) implements Change {
        @Override
        public Object next(FieldSpec field, Object current) {
            return function.apply(current);
        }
    }

    private static Number requireNumber(FieldSpec field, Object current, String op) {
        if (current instanceof Number n) return n;
        throw new DataFlowException("cannot apply " + op + " to " + field.name() + ": its current value is "
                + (current == null ? "NULL" : current.getClass().getSimpleName() + " " + current) + ", not a number");
    }

    /** Arithmetic in the column's own type: whole numbers stay exact (overflow is an error), decimals stay decimal. */
    final class Arithmetic {
        private Arithmetic() {
        }

        static Object add(FieldSpec field, Number a, Number b) {
            return switch (field.type()) {
                case INT -> Math.addExact(a.longValue(), b.longValue());
                case INT32 -> Math.addExact(a.intValue(), Math.toIntExact(b.longValue()));
                case DECIMAL -> decimal(a).add(decimal(b));
                case REAL -> a.floatValue() + b.floatValue();
                default -> a.doubleValue() + b.doubleValue();
            };
        }

        static Object multiply(FieldSpec field, Number a, Number b) {
            return switch (field.type()) {
                case INT -> Math.multiplyExact(a.longValue(), b.longValue());
                case INT32 -> Math.multiplyExact(a.intValue(), Math.toIntExact(b.longValue()));
                case DECIMAL -> decimal(a).multiply(decimal(b));
                case REAL -> a.floatValue() * b.floatValue();
                default -> a.doubleValue() * b.doubleValue();
            };
        }

        private static BigDecimal decimal(Number n) {
            return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
        }
    }
}
