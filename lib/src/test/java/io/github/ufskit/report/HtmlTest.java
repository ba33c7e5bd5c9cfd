package io.github.ufskit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapesAllFiveSpecialCharacters() {
        assertEquals(
                "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;",
                Html.escape("<a href=\"x\">Tom & Jerry's</a>"));
    }

    @Test
    void escapeKeepsOtherCharacters() {
        assertEquals("α=1, β=1.5 — ok", Html.escape("α=1, β=1.5 — ok"));
    }

    @Test
    void toStringReturnsMarkupUnescaped() {
        assertEquals("<b>x</b>", Html.of("<b>x</b>").toString());
        assertEquals("<b>x</b>", Html.of("<b>x</b>").fragment());
    }

    @Test
    void equalityFollowsMarkup() {
        assertEquals(Html.of("<p>a</p>"), Html.of("<p>a</p>"));
        assertEquals(Html.of("<p>a</p>").hashCode(), Html.of("<p>a</p>").hashCode());
        assertNotEquals(Html.of("<p>a</p>"), Html.of("<p>b</p>"));
    }

    @Test
    void nullFragmentIsRejected() {
        assertThrows(NullPointerException.class, () -> Html.of(null));
    }
}
