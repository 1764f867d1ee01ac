package io.dataflow.partition;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;

/** How an archive file is compressed: zstd (default), lz4 frames, gzip from the JDK, or none. */
public enum Codec {
    ZSTD("zstd", ".zst"), LZ4("lz4", ".lz4"), GZIP("gzip", ".gz"), NONE("none", "");

    private final String configName;
    private final String extension;

    Codec(String configName, String extension) {
        this.configName = configName;
        this.extension = extension;
    }

    public String configName() {
        return configName;
    }

    public String extension() {
        return extension;
    }

    public static Optional<Codec> byName(String name) {
        return Arrays.stream(values()).filter(c -> c.configName.equals(name)).findFirst();
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(Codec::configName).toList());
    }

    public OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case ZSTD -> new ZstdOutputStream(out, 3);
            case LZ4 -> new LZ4FrameOutputStream(out);
            case GZIP -> new GZIPOutputStream(out, 1 << 16);
            case NONE -> out;
        };
    }

    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case ZSTD -> new ZstdInputStream(in);
            case LZ4 -> new LZ4FrameInputStream(in);
            case GZIP -> new GZIPInputStream(in, 1 << 16);
            case NONE -> in;
        };
    }
}
