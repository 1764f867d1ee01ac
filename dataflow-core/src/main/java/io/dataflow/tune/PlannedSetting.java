package io.dataflow.tune;

/**
 * One line of a tuning plan: current, recommended, why, and whether it needs a restart.
 *
 * @param name        the server setting
 * @param current     the value in effect, as SHOW prints it
 * @param pending     a different ALTER SYSTEM value waiting for a restart, else null
 * @param recommended the value to set, as ALTER SYSTEM takes it
 * @param reason      why
 * @param restart     whether only a server restart applies it (context postmaster)
 * @param takesEffect when it takes effect, in words
 * @param change      false when the server already has (or will have after restart) this value
 */
public record PlannedSetting(String name, String current, String pending, String recommended, String reason, boolean restart,
                             String takesEffect, boolean change) {
}
