package io.dataflow.tune;

/**
 * The facts a set of recommendations was computed from, each with its source, as reports show them.
 *
 * @param workload            web, oltp, dw, mixed or desktop
 * @param ram                 total RAM, e.g. {@code 16GB}
 * @param ramSource           where the RAM figure came from
 * @param usableRam           RAM the formulas used, after the OS reserve and connection overhead
 * @param cpus                CPUs, or null when unknown
 * @param cpuSource           where the CPU count came from
 * @param storage             hdd, ssd, san or nvme
 * @param storageSource       where the storage type came from
 * @param connections         connections work_mem was planned for
 * @param connectionsSource   given, or the server's max_connections
 * @param machine             the machine that detected what was not given
 * @param serverOnThisMachine whether the database server runs on that machine
 */
public record TuneInputs(String workload, String ram, String ramSource, String usableRam, Integer cpus, String cpuSource,
                         String storage, String storageSource, int connections, String connectionsSource, String machine,
                         boolean serverOnThisMachine) {

    /** Whether any fact was read from this JVM's machine rather than given. */
    public boolean detected() {
        return !"given".equals(ramSource) || !"given".equals(cpuSource) || !"given".equals(storageSource);
    }
}
