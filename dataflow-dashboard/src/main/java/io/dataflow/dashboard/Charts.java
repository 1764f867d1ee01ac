package io.dataflow.dashboard;

import io.dataflow.monitor.MonitorHistory;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Time-series charts: the data goes into a {@code data-chart} attribute as JSON (escaped like any
 * attribute), and dashboard.js draws it with uPlot, served from the jar.
 */
public final class Charts {

    private Charts() {
    }

    /** A chart of one metric's samples. */
    public static void line(Html out, String title, String unit, List<MonitorHistory.Sample> samples, boolean spark) {
        series(out, title, unit, samples, s -> s.at().toEpochMilli() / 1000.0, MonitorHistory.Sample::value, spark);
    }

    public static <T> void series(Html out, String title, String unit, List<T> points, ToDoubleFunction<T> x, ToDoubleFunction<T> y, boolean spark) {
        if (points.isEmpty()) {
            out.el("div", spark ? "spark empty" : "chart empty", "no history yet for " + title + ": the monitor stores a sample every collection");
            return;
        }
        StringBuilder json = new StringBuilder("{\"title\":").append(jsonString(title)).append(",\"unit\":").append(jsonString(unit))
                .append(",\"spark\":").append(spark).append(",\"x\":[");
        for (int i = 0; i < points.size(); i++) json.append(i == 0 ? "" : ",").append(x.applyAsDouble(points.get(i)));
        json.append("],\"y\":[");
        for (int i = 0; i < points.size(); i++) {
            double v = y.applyAsDouble(points.get(i));
            json.append(i == 0 ? "" : ",").append(Double.isFinite(v) ? Double.toString(v) : "null");
        }
        json.append("]}");
        out.raw("<div class=\"").raw(spark ? "spark" : "chart").raw("\" data-chart=\"").text(json).raw("\"></div>");
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : (s == null ? "" : s).toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '<' -> b.append("\\u003c");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
