package io.dataflow.tune;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.function.IntSupplier;

/**
 * Reads the machine this JVM runs on: RAM (cgroup-aware), CPUs and storage type. These describe
 * the database server only when it runs here too; the tuner says which.
 */
public final class MachineProbe {

    private final MemoryProbe memory;
    private final StorageProbe storage;
    private final IntSupplier cpus;

    /** A probe over another root (a fake /proc and /sys) and CPU count; for tests. */
    public MachineProbe(Path root, IntSupplier cpus) {
        this.memory = new MemoryProbe(root);
        this.storage = new StorageProbe(root);
        this.cpus = cpus;
    }

    /** This machine. {@code availableProcessors} already honours cgroup CPU quotas and affinity. */
    public static MachineProbe local() {
        return new MachineProbe(Path.of("/"), Runtime.getRuntime()::availableProcessors);
    }

    /**
     * @param dataDirectory where the server keeps its data when it is on this machine and the
     *                      path is known; else the storage of the filesystem root is reported
     */
    public MachineFacts detect(Path dataDirectory) {
        MemoryProbe.Ram ram = memory.detect();
        StorageProbe.Storage disk = storage.detect(dataDirectory == null ? Path.of("/") : dataDirectory);
        return new MachineFacts(ram.bytes(), ram.source(), cpus.getAsInt(), "availableProcessors (honours cgroup CPU limits)",
                disk.type(), disk.source() + (dataDirectory == null ? " for /" : " for " + dataDirectory), host());
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "this machine";
        }
    }
}
