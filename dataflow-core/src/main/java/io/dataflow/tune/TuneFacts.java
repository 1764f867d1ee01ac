package io.dataflow.tune;

import io.dataflow.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/** The facts for the formulas, from what was given, else what was detected, else PgTune's defaults; with notes saying which. */
record TuneFacts(TuneProfile profile, TuneInputs inputs, List<String> notes) {

    private static final String GIVEN = "given";

    static TuneFacts resolve(TuneOptions o, ServerInfo server, MachineFacts machine, String where) {
        long ram;
        String ramSource;
        if (o.ramBytes() != null) {
            ram = o.ramBytes();
            ramSource = GIVEN;
        } else if (machine != null) {
            ram = machine.ramBytes() / Sizes.MB * Sizes.MB; // whole MB: detected RAM is never a round number anyway
            ramSource = machine.ramSource();
        } else {
            throw Planner.noRam(where);
        }
        Integer cpus = o.cpus() != null ? o.cpus() : machine == null ? null : machine.cpus();
        String cpuSource = o.cpus() != null ? GIVEN : machine == null ? "not given (auto_detect off)" : machine.cpuSource();
        StorageType storage = o.storage() != null ? o.storage() : machine == null ? StorageType.SSD : machine.storage();
        String storageSource = o.storage() != null ? GIVEN : machine == null ? "not given; PgTune's default" : machine.storageSource();
        int connections = o.connections() != null ? o.connections() : server.maxConnections();
        String connectionsSource = o.connections() != null ? GIVEN : "the server's max_connections";

        long overhead = connections * o.connectionOverheadBytes();
        long usable = ram - o.reserveOsBytes() - overhead;
        List<String> notes = new ArrayList<>();
        if (o.reserveOsBytes() > 0 || overhead > 0) {
            String sum = Sizes.human(ram) + " - " + Sizes.human(o.reserveOsBytes()) + " for the OS - " + connections + " connections x "
                    + Sizes.human(o.connectionOverheadBytes());
            if (usable < Sizes.MB) {
                throw new ConfigException(where, "reserve_os_memory", sum + " leaves no memory for PostgreSQL; lower the reserves");
            }
            notes.add("RAM for the formulas: " + sum + " = " + Sizes.human(usable));
        }
        String host = machine == null ? "this machine" : machine.host();
        TuneInputs inputs = new TuneInputs(o.workload().id(), Sizes.human(ram), ramSource, Sizes.human(usable), cpus, cpuSource,
                storage.id(), storageSource, connections, connectionsSource, host, server.onThisMachine());
        if (machine != null && inputs.detected()) {
            notes.add(server.onThisMachine()
                    ? "hardware not given was read on this machine (" + host + "), where the server runs too"
                    : "hardware not given describes the machine running DataFlow (" + host + "), not the database server at "
                    + server.address() + ": give the server's RAM, CPUs and storage (--ram, --cpus, --storage; total_ram, cpus)");
        }
        return new TuneFacts(new TuneProfile(o.workload(), usable / Sizes.KB, cpus, storage, connections, server.majorVersion()), inputs, notes);
    }
}
