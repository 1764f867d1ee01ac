package io.dataflow.monitor;

/**
 * What sinks receive: an alert that fired or resolved.
 *
 * @param event    fired or resolved
 * @param database the database monitored
 * @param alert    the alert, as stored after the event
 */
public record AlertEvent(String event, String database, Alert alert) {

    public static final String FIRED = "fired";
    public static final String RESOLVED = "resolved";
}
