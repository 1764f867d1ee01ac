package io.dataflow.dashboard;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A tiny HTML builder that escapes by default: {@link #text} and {@link #attr} escape, only {@link #raw}
 * (for markup this class or a page wrote itself) does not. So a query text or table name holding
 * {@code <script>} is shown as text.
 */
public final class Html {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private final StringBuilder out = new StringBuilder(4096);

    /** Escapes for text and for quoted attribute values alike. */
    public static String escape(Object value) {
        if (value == null) return "";
        String s = value.toString();
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    public Html raw(String markup) {
        out.append(markup);
        return this;
    }

    public Html text(Object value) {
        out.append(escape(value));
        return this;
    }

    /** {@code <tag class="cls">escaped text</tag>}. */
    public Html el(String tag, String cls, Object text) {
        out.append('<').append(tag);
        if (cls != null) out.append(" class=\"").append(escape(cls)).append('"');
        out.append('>').append(escape(text)).append("</").append(tag).append('>');
        return this;
    }

    public Html h2(Object text) {
        return el("h2", null, text);
    }

    public Html p(Object text) {
        return el("p", null, text);
    }

    /** A plainly worded note, e.g. that a source is missing and how to add it. */
    public Html note(Object text) {
        return el("p", "note", text);
    }

    /** A link whose href and text are both escaped. */
    public Html link(String href, Object text) {
        out.append("<a href=\"").append(escape(href)).append("\">").append(escape(text)).append("</a>");
        return this;
    }

    public Html table(String... headers) {
        out.append("<table><thead><tr>");
        for (String h : headers) out.append("<th>").append(escape(h)).append("</th>");
        out.append("</tr></thead><tbody>");
        return this;
    }

    /** A row of escaped cells. */
    public Html row(Object... cells) {
        out.append("<tr>");
        for (Object c : cells) {
            if (c instanceof Cell cell) out.append("<td").append(cell.cls == null ? "" : " class=\"" + escape(cell.cls) + "\"").append('>')
                    .append(cell.markup).append("</td>");
            else out.append("<td>").append(escape(c)).append("</td>");
        }
        out.append("</tr>");
        return this;
    }

    public Html endTable() {
        out.append("</tbody></table>");
        return this;
    }

    /** A cell of markup built with another Html (so already escaped), with an optional class. */
    public record Cell(String markup, String cls) {
    }

    public static Cell cell(Html markup) {
        return new Cell(markup.toString(), null);
    }

    public static Cell cell(Object text, String cls) {
        return new Cell(escape(text), cls);
    }

    public static Cell code(Object text) {
        return new Cell("<code>" + escape(text) + "</code>", null);
    }

    public static String time(Instant t) {
        return t == null ? "never" : TIME.format(t);
    }

    public static String num(double v) {
        DecimalFormat f = new DecimalFormat(Math.abs(v) >= 100 ? "#,##0" : "#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f.format(v);
    }

    public static String num(Double v) {
        return v == null ? "–" : num(v.doubleValue());
    }

    public static String pct(Double ratio) {
        return ratio == null ? "–" : num(ratio * 100) + " %";
    }

    public static String bytes(long b) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double v = b;
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return num(v) + " " + units[u];
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
