package io.dataflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void textAttributesAndCellsAreEscaped() {
        String hostile = "<script>alert('x')</script>&\"";
        String html = new Html().h2(hostile).link("/q?x=" + hostile, hostile).table(hostile).row(hostile, Html.code(hostile)).endTable().toString();
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
    }

    @Test
    void onlyRawWritesMarkup() {
        assertThat(new Html().raw("<b>").text("<b>").toString()).isEqualTo("<b>&lt;b&gt;");
    }

    @Test
    void chartDataCannotCloseItsAttributeOrOpenATag() {
        Html out = new Html();
        Charts.series(out, "\"><script>x</script>", "", java.util.List.of(1, 2), i -> i, i -> i, false);
        String html = out.toString();
        String attribute = html.substring(html.indexOf("data-chart=\"") + 12, html.lastIndexOf("\"></div>"));
        assertThat(attribute).doesNotContain("\"").doesNotContain("<").doesNotContain(">");
    }

    @Test
    void numbersAndSizesReadWell() {
        assertThat(Html.bytes(1536)).isEqualTo("1.5 kB");
        assertThat(Html.pct(0.25)).isEqualTo("25 %");
        assertThat(Html.num((Double) null)).isEqualTo("–");
    }
}
