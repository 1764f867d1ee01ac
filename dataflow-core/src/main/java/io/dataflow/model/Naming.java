package io.dataflow.model;

import java.util.Locale;

/** The naming rules: {@code OrderItem} → table {@code order_items}, field {@code userId} → {@code user_id}. */
public final class Naming {

    private Naming() {
    }

    public static String snakeCase(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean prevLower = i > 0 && (Character.isLowerCase(name.charAt(i - 1)) || Character.isDigit(name.charAt(i - 1)));
                boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                boolean prevUpper = i > 0 && Character.isUpperCase(name.charAt(i - 1));
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '_' && (prevLower || (prevUpper && nextLower))) sb.append('_');
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The table of a model: snake_case, and the last word pluralised. */
    public static String tableName(String modelName) {
        String snake = snakeCase(modelName);
        int cut = snake.lastIndexOf('_') + 1;
        return snake.substring(0, cut) + plural(snake.substring(cut));
    }

    static String plural(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.isEmpty()) return w;
        if (w.endsWith("ss") || w.endsWith("x") || w.endsWith("z") || w.endsWith("ch") || w.endsWith("sh")) return w + "es";
        if (w.endsWith("s")) return w; // already plural: stats, news
        if (w.endsWith("y") && w.length() > 1 && "aeiou".indexOf(w.charAt(w.length() - 2)) < 0) {
            return w.substring(0, w.length() - 1) + "ies";
        }
        return w + "s";
    }
}
