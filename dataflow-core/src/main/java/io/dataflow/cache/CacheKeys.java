package io.dataflow.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code key_strategy: query_hash}: SHA-256 of the normalized SQL, each bound value with its type,
 * and each {@code key_includes} value by name, so two queries share an entry only when all of those
 * are equal. The key is {@code <namespace>:<database scope>:q:<hash>}: the scope ({@link DatabaseIdentity#scope()})
 * keeps databases that share a Redis and a namespace apart.
 */
final class CacheKeys {

    private static final ThreadLocal<MessageDigest> SHA = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private CacheKeys() {
    }

    static String key(String prefix, String normalizedSql, List<?> values, Map<String, Object> includes) {
        StringBuilder sb = new StringBuilder(normalizedSql.length() + 16 * (values.size() + 1));
        sb.append(normalizedSql).append('\u0000');
        for (Object v : values) append(sb, v).append('\u0001');
        for (Map.Entry<String, Object> e : includes.entrySet()) append(sb.append('\u0002').append(e.getKey()).append('='), e.getValue());
        byte[] digest = SHA.get().digest(sb.toString().getBytes(StandardCharsets.UTF_8));
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 18));
    }

    private static StringBuilder append(StringBuilder sb, Object v) {
        if (v == null) return sb.append("null");
        if (v instanceof byte[] b) return sb.append("bytes:").append(Base64.getEncoder().encodeToString(b));
        if (v instanceof Object[] a) {
            sb.append("array[");
            for (Object o : a) append(sb, o).append(',');
            return sb.append(']');
        }
        return sb.append(v.getClass().getSimpleName()).append(':').append(v);
    }
}
