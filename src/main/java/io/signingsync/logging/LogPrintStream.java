package io.signingsync.logging;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The print stream of the log: each {@code println} call writes exactly one line, with line
 * breaks and other control characters inside it written as escapes such as {@code \n}.
 *
 * <p>SLF4J Simple prints each log event with one {@code println(String)} call. Record names and
 * server messages come from the API, so without this a name containing a line break could start a
 * line of its own: a forged log line, or a GitHub workflow command such as
 * {@code ::stop-commands::} that would switch off the masking of every later secret.
 */
public final class LogPrintStream extends PrintStream {

    public LogPrintStream(OutputStream target) {
        super(target, true, StandardCharsets.UTF_8);
    }

    @Override
    public void println(String line) {
        super.println(oneLine(line));
    }

    @Override
    public void println(Object value) {
        super.println(oneLine(String.valueOf(value)));
    }

    /** Returns the text with every control character but the tab, and every line separator, escaped. */
    static String oneLine(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean breaksLine = (Character.isISOControl(c) && c != '\t') || c == '\u2028' || c == '\u2029';
            if (breaksLine && escaped == null) {
                escaped = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (escaped != null) {
                if (!breaksLine) {
                    escaped.append(c);
                } else if (c == '\n') {
                    escaped.append("\\n");
                } else if (c == '\r') {
                    escaped.append("\\r");
                } else {
                    escaped.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return escaped == null ? text : escaped.toString();
    }
}
