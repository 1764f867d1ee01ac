package io.dataflow.tune;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RAM honouring cgroup limits and storage from the rotational flag, read from a fake /proc and /sys. */
class TuneMachineProbeTest {

    @TempDir
    Path root;

    @Test
    void cgroupV2MemoryMaxLimitsTheRamTightestOnTheWayUp() throws IOException {
        write("proc/meminfo", "MemTotal:       16777216 kB\nMemFree:        1000 kB\n");
        write("proc/self/cgroup", "0::/user.slice/app.service\n");
        write("sys/fs/cgroup/user.slice/app.service/memory.max", "max\n");
        write("sys/fs/cgroup/user.slice/memory.max", "4294967296\n");
        write("sys/fs/cgroup/memory.max", "8589934592\n");
        MemoryProbe.Ram ram = new MemoryProbe(root).detect();
        assertThat(ram.bytes()).isEqualTo(4L << 30);
        assertThat(ram.source()).isEqualTo("cgroup v2 memory.max (/sys/fs/cgroup/user.slice/memory.max)");
    }

    @Test
    void cgroupV2PathOutsideTheNamespaceFallsBackToTheRoot() throws IOException {
        write("proc/meminfo", "MemTotal:       16777216 kB\n");
        write("proc/self/cgroup", "0::/../../kubepods/pod1\n");
        write("sys/fs/cgroup/memory.max", "2147483648\n");
        assertThat(new MemoryProbe(root).detect().bytes()).isEqualTo(2L << 30);
    }

    @Test
    void cgroupV1LimitInBytes() throws IOException {
        write("proc/meminfo", "MemTotal:       16777216 kB\n");
        write("proc/self/cgroup", "5:cpu,cpuacct:/\n4:memory:/docker/abc\n");
        write("sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes", "1073741824\n");
        MemoryProbe.Ram ram = new MemoryProbe(root).detect();
        assertThat(ram.bytes()).isEqualTo(1L << 30);
        assertThat(ram.source()).startsWith("cgroup v1 memory.limit_in_bytes");
    }

    @Test
    void anUnlimitedCgroupOrALimitAboveTheMachineMeansTheMachinesRam() throws IOException {
        write("proc/meminfo", "MemTotal:       24684084 kB\n");
        write("proc/self/cgroup", "4:memory:/process_api/x\n0::/\n");
        write("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");
        write("sys/fs/cgroup/memory.max", "99999999999999\n");
        MemoryProbe.Ram ram = new MemoryProbe(root).detect();
        assertThat(ram.bytes()).isEqualTo(24684084L * 1024);
        assertThat(ram.source()).isEqualTo("/proc/meminfo MemTotal");
    }

    @Test
    void withoutProcTheJvmIsAsked() {
        assertThat(new MemoryProbe(root).detect().bytes()).isPositive();
    }

    @Test
    void aSolidStatePartitionIsSsd() throws IOException {
        disk("sda", "0", true);
        write("proc/self/mountinfo", "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n");
        StorageProbe.Storage s = new StorageProbe(root).detect(Path.of("/var/lib/postgresql/17/main"));
        assertThat(s.type()).isEqualTo(StorageType.SSD);
        assertThat(s.source()).isEqualTo("/sys/block/sda/queue/rotational = 0");
    }

    @Test
    void theLongestMountWinsAndNvmeIsRecognised() throws IOException {
        disk("sda", "1", true);
        disk("nvme0n1", "0", false);
        write("proc/self/mountinfo", "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n30 22 259:0 / /data rw - xfs /dev/nvme0n1 rw\n");
        assertThat(new StorageProbe(root).detect(Path.of("/data/pg")).type()).isEqualTo(StorageType.NVME);
        assertThat(new StorageProbe(root).detect(Path.of("/database")).type()).isEqualTo(StorageType.HDD);
    }

    @Test
    void aSpinningVirtualDiskIsHddWithAWarning() throws IOException {
        disk("vda", "1", false);
        write("proc/self/mountinfo", "22 1 253:0 / / rw - ext4 /dev/vda rw\n");
        StorageProbe.Storage s = new StorageProbe(root).detect(Path.of("/"));
        assertThat(s.type()).isEqualTo(StorageType.HDD);
        assertThat(s.source()).contains("virtual disk");
    }

    @Test
    void anOverlayFilesystemIsJudgedByTheMachinesDisks() throws IOException {
        disk("sdb", "1", false);
        Files.createDirectories(root.resolve("sys/block/loop0/queue"));
        write("sys/block/loop0/queue/rotational", "0\n");
        write("proc/self/mountinfo", "500 400 0:52 / / rw - overlay overlay rw\n");
        StorageProbe.Storage s = new StorageProbe(root).detect(Path.of("/var/lib/pg"));
        assertThat(s.type()).isEqualTo(StorageType.HDD);
        assertThat(s.source()).contains("sdb").contains("no block device");
    }

    @Test
    void nothingToGoOnMeansPgTunesDefault() {
        StorageProbe.Storage s = new StorageProbe(root).detect(Path.of("/"));
        assertThat(s.type()).isEqualTo(StorageType.SSD);
        assertThat(s.source()).contains("assumed ssd");
    }

    @Test
    void theMachineProbeSaysWhereEachFactCameFrom() throws IOException {
        write("proc/meminfo", "MemTotal:       8388608 kB\n");
        MachineFacts facts = new MachineProbe(root, () -> 6).detect(null);
        assertThat(facts.ramBytes()).isEqualTo(8L << 30);
        assertThat(facts.cpus()).isEqualTo(6);
        assertThat(facts.cpuSource()).contains("availableProcessors");
        assertThat(facts.storageSource()).endsWith("for /");
    }

    /** A disk as sysfs lays it out: /sys/block/NAME, /sys/dev/block/MAJ:MIN links, a partition 1 when asked. */
    private void disk(String name, String rotational, boolean partition) throws IOException {
        Path dev = root.resolve("sys/devices/virtual/block/" + name);
        write("sys/devices/virtual/block/" + name + "/queue/rotational", rotational + "\n");
        Files.createDirectories(root.resolve("sys/block"));
        Files.createSymbolicLink(root.resolve("sys/block/" + name), dev);
        String majMin = name.startsWith("nvme") ? "259:0" : name.startsWith("vd") ? "253:0" : name.equals("sdb") ? "8:16" : "8:0";
        Files.createDirectories(root.resolve("sys/dev/block"));
        Files.createSymbolicLink(root.resolve("sys/dev/block/" + majMin), dev);
        if (partition) {
            write("sys/devices/virtual/block/" + name + "/" + name + "1/partition", "1\n");
            String partMajMin = majMin.substring(0, majMin.indexOf(':') + 1) + (Integer.parseInt(majMin.substring(majMin.indexOf(':') + 1)) + 1);
            Files.createSymbolicLink(root.resolve("sys/dev/block/" + partMajMin), dev.resolve(name + "1"));
        }
    }

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
