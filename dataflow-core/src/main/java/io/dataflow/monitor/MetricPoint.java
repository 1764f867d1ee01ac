package io.dataflow.monitor;

/**
 * One collected value.
 *
 * @param metric  a name from {@link MetricCatalog}
 * @param subject what it is about (a table, index, sequence, queryid), empty for the database
 * @param value   the value
 */
public record MetricPoint(String metric, String subject, double value) {

    public MetricPoint {
        if (subject == null) subject = "";
    }

    static MetricPoint of(String metric, double value) {
        return new MetricPoint(metric, "", value);
    }
}
