package io.dataflow.partition;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Archives in an S3 bucket (AWS or any S3-compatible server, through a configurable endpoint). */
final class S3ArchiveStore implements ArchiveStore {

    private final ArchiveDestination destination;
    private final S3Client s3;

    S3ArchiveStore(ArchiveDestination destination) {
        this.destination = destination;
        ArchiveDestination.S3Settings cfg = destination.s3();
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(cfg.region() != null ? cfg.region() : envOr("AWS_REGION", "us-east-1")))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(cfg.pathStyle())
                        .chunkedEncodingEnabled(false).build())
                // checksums only where S3 requires them: S3-compatible servers often lack the newer trailing-checksum uploads
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(cfg.accessKeyId() != null
                        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(cfg.accessKeyId(), cfg.secretAccessKey()))
                        : DefaultCredentialsProvider.builder().build());
        if (cfg.endpoint() != null) builder.endpointOverride(URI.create(cfg.endpoint()));
        this.s3 = builder.build();
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private String key(String name) {
        return destination.prefix() + name;
    }

    @Override
    public void check() throws IOException {
        // A write, not only a HEAD: credentials that may read but not write must fail here, before any step.
        try {
            s3.putObject(b -> b.bucket(destination.bucket()).key(key(".dataflow-write-check")), RequestBody.fromString("ok"));
        } catch (SdkException e) {
            throw new IOException("S3 " + destination.uri() + " refused a test write (" + describe(e) + "); nothing was archived or dropped", e);
        }
    }

    @Override
    public void put(String name, Path file) throws IOException {
        try {
            s3.putObject(b -> b.bucket(destination.bucket()).key(key(name)), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw new IOException("S3 upload of " + uri(name) + " failed: " + describe(e), e);
        }
    }

    @Override
    public InputStream open(String name) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(destination.bucket()).key(key(name)));
        } catch (NoSuchKeyException e) {
            throw new java.io.FileNotFoundException(uri(name) + " does not exist (" + describe(e) + ")");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) throw new java.io.FileNotFoundException(uri(name) + " does not exist (" + describe(e) + ")");
            throw new IOException("S3 read of " + uri(name) + " failed: " + describe(e), e);
        } catch (SdkException e) {
            throw new IOException("S3 read of " + uri(name) + " failed: " + describe(e), e);
        }
    }

    @Override
    public boolean exists(String name) throws IOException {
        try {
            s3.headObject(b -> b.bucket(destination.bucket()).key(key(name)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw new IOException("S3 lookup of " + uri(name) + " failed: " + describe(e), e);
        } catch (SdkException e) {
            throw new IOException("S3 lookup of " + uri(name) + " failed: " + describe(e), e);
        }
    }

    /** A local directory of DataFlow's own per bucket, prefix and table (the upload needs a file of known length). */
    @Override
    public Path scratch(String table) {
        String where = Integer.toHexString((destination.bucket() + "/" + destination.prefix()).hashCode());
        return Path.of(System.getProperty("java.io.tmpdir"), "dataflow-archive-tmp", destination.bucket() + "-" + where, table);
    }

    @Override
    public String uri(String name) {
        return "s3://" + destination.bucket() + "/" + key(name);
    }

    private static String describe(SdkException e) {
        if (e instanceof S3Exception s && s.awsErrorDetails() != null) {
            return s.statusCode() + " " + s.awsErrorDetails().errorCode() + ": " + s.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }

    @Override
    public void close() {
        s3.close();
    }
}
