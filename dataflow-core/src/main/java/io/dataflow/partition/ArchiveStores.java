package io.dataflow.partition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store an archive was written to, for the checks before a drop: one of this run's archive
 * destinations when the archive is there (so an S3 endpoint and credentials given in the config are
 * used), else one opened from the recorded manifest address and closed with this object.
 */
final class ArchiveStores implements AutoCloseable {

    private final List<ArchiveStore> given;
    private final Map<String, ArchiveStore> opened = new LinkedHashMap<>();

    ArchiveStores(Collection<ArchiveStore> given) {
        this.given = new ArrayList<>(given);
    }

    ArchiveStore forRecord(String table, PartitionRecord rec) {
        String manifest = Archiver.manifestName(table, rec.partition());
        for (ArchiveStore s : given) {
            if (s.uri(manifest).equals(rec.manifestUri())) return s;
        }
        String base = rec.manifestUri().substring(0, rec.manifestUri().length() - manifest.length());
        return opened.computeIfAbsent(base, b -> ArchiveStore.open(ArchiveDestination.of(b)));
    }

    @Override
    public void close() {
        opened.values().forEach(ArchiveStore::close);
    }
}
