package io.dataflow.tune;

/**
 * One recommended setting.
 *
 * @param name     the server setting
 * @param value    the value as ALTER SYSTEM takes it ({@code 4GB}, {@code 1.1}, {@code off})
 * @param reason   why, with the numbers that went in
 * @param category memory, storage, checkpoints, parallelism or planner
 */
public record Recommendation(String name, String value, String reason, String category) {
}
