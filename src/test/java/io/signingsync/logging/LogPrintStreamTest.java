package io.signingsync.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogPrintStreamTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final LogPrintStream stream = new LogPrintStream(bytes);

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void lineBreaksInsideLineAreEscaped() {
        stream.println("INFO downloaded a\n::stop-commands::token\r\n.p12");

        assertEquals("INFO downloaded a\\n::stop-commands::token\\r\\n.p12" + System.lineSeparator(), written());
    }

    @Test
    void otherSeparatorsAreEscaped() {
        stream.println("a\u2028b\u0085c\u001bd");

        assertEquals("a\\u2028b\\u0085c\\u001bd" + System.lineSeparator(), written());
    }

    @Test
    void tabsAndPlainTextStay() {
        stream.println("\tat io.signingsync.Main.main(Main.java:30) Café");

        assertEquals("\tat io.signingsync.Main.main(Main.java:30) Café" + System.lineSeparator(), written());
    }

    @Test
    void objectsAreEscapedToo() {
        stream.println((Object) new IllegalStateException("two\nlines"));

        assertEquals("java.lang.IllegalStateException: two\\nlines" + System.lineSeparator(), written());
    }
}
