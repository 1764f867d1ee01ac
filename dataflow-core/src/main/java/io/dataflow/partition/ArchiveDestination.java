package io.dataflow.partition;

import io.dataflow.config.ConfigException;
import io.dataflow.config.ConfigReader;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;

/**
 * Where archives go: {@code file:///dir/} or {@code s3://bucket/prefix/}. For S3 the endpoint,
 * region and credentials come from the {@code s3} section, else from the AWS SDK's usual sources
 * (AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profiles), so any
 * S3-compatible store works.
 */
public record ArchiveDestination(String uri, Path directory, String bucket, String prefix, S3Settings s3) {

    /** S3 connection settings; null fields fall back to the SDK's defaults. The secret never prints. */
    public record S3Settings(String endpoint, String region, String accessKeyId, String secretAccessKey, boolean pathStyle) {
        @Override
        public String toString() {
            return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", accessKeyId=" + accessKeyId
                    + ", secretAccessKey=" + (secretAccessKey == null ? null : "***") + ", pathStyle=" + pathStyle + "]";
        }
    }

    public boolean isS3() {
        return bucket != null;
    }

    public static ArchiveDestination parse(String uri, ConfigReader s3, ConfigReader owner) {
        URI u;
        try {
            u = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw owner.error("destination", "'" + uri + "' is not a URI; use file:///dir/ or s3://bucket/prefix/");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme();
        switch (scheme) {
            case "file" -> {
                if (s3 != null) throw owner.error("s3", "applies to s3:// destinations only");
                if (u.getPath() == null || u.getPath().isEmpty()) throw owner.error("destination", "'" + uri + "' names no directory");
                return new ArchiveDestination(uri, Path.of(u.getPath()), null, null, null);
            }
            case "s3" -> {
                String bucket = u.getHost();
                if (bucket == null || bucket.isBlank()) throw owner.error("destination", "'" + uri + "' names no bucket: use s3://bucket/prefix/");
                String prefix = u.getPath() == null ? "" : u.getPath().replaceAll("^/+", "");
                if (!prefix.isEmpty() && !prefix.endsWith("/")) prefix += "/";
                S3Settings settings = new S3Settings(null, null, null, null, true);
                if (s3 != null) {
                    s3.allowOnly(Set.of("endpoint", "region", "access_key_id", "secret_access_key", "path_style"));
                    settings = new S3Settings(s3.optString("endpoint").orElse(null), s3.optString("region").orElse(null),
                            s3.optString("access_key_id").orElse(null), s3.optString("secret_access_key").orElse(null),
                            s3.bool("path_style", true));
                    if ((settings.accessKeyId() == null) != (settings.secretAccessKey() == null)) {
                        throw s3.error(settings.accessKeyId() == null ? "access_key_id" : "secret_access_key",
                                "is required when the other credential is set");
                    }
                }
                return new ArchiveDestination(uri, null, bucket, prefix, settings);
            }
            default -> throw new ConfigException(owner.where(), owner.path("destination"), "scheme '" + scheme + "' of '" + uri
                    + "' is not supported; accepted: file:///dir/, s3://bucket/prefix/");
        }
    }

    /** A file destination (for the Java API and the CLI). */
    public static ArchiveDestination of(String uri) {
        return parse(uri, null, ConfigReader.of("archive", java.util.Map.of()));
    }

    public static ArchiveDestination s3(String uri, S3Settings settings) {
        ArchiveDestination d = of(uri);
        if (!d.isS3()) throw new IllegalArgumentException(uri + " is not an s3:// destination");
        return new ArchiveDestination(d.uri(), null, d.bucket(), d.prefix(), settings);
    }
}
