package io.dataflow.partition;

import java.util.Arrays;
import java.util.Optional;

/** The COPY format inside an archive: PostgreSQL's text format (one line per row) or CSV with a header. */
public enum ArchiveFormat {
    TEXT("text", ".tsv", "(FORMAT text)"), CSV("csv", ".csv", "(FORMAT csv, HEADER true)");

    private final String configName;
    private final String extension;
    private final String copyOptions;

    ArchiveFormat(String configName, String extension, String copyOptions) {
        this.configName = configName;
        this.extension = extension;
        this.copyOptions = copyOptions;
    }

    public String configName() {
        return configName;
    }

    public String extension() {
        return extension;
    }

    /** The WITH (...) options of COPY for this format. */
    public String copyOptions() {
        return copyOptions;
    }

    public static Optional<ArchiveFormat> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.configName.equals(name)).findFirst();
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(ArchiveFormat::configName).toList());
    }
}
