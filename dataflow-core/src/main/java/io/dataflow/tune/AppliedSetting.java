package io.dataflow.tune;

/**
 * What happened to one setting.
 *
 * @param name   the server setting
 * @param before the value in effect before, as SHOW printed it
 * @param after  the value in effect now (for a pending restart still the old one)
 * @param status applied, pending_restart, unchanged, restored, not_reverted, or reloading (the
 *               reload had not reached this session yet)
 * @param note   details, e.g. why a revert left a setting alone; else null
 */
public record AppliedSetting(String name, String before, String after, String status, String note) {
}
