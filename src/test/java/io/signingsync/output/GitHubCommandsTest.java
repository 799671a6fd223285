package io.signingsync.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GitHubCommandsTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final GitHubCommands commands = new GitHubCommands(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void addMaskPrintsCommand() {
        commands.addMask("tok-123");

        assertEquals("::add-mask::tok-123" + System.lineSeparator(), printed());
    }

    @Test
    void addMaskEscapesData() {
        commands.addMask("50%\r\nnext");

        assertEquals("::add-mask::50%25%0D%0Anext" + System.lineSeparator(), printed());
    }

    @Test
    void addMaskSkipsEmptySecret() {
        commands.addMask("");

        assertEquals("", printed());
    }

    @Test
    void errorEscapesProperties() {
        commands.error("dir,a:b/Dist%.p12", "sync: Dist.p12, failed", "line 1\nline 2: 100%");

        assertEquals("::error file=dir%2Ca%3Ab/Dist%25.p12,title=sync%3A Dist.p12%2C failed::line 1%0Aline 2: 100%25"
                + System.lineSeparator(), printed());
    }

    @Test
    void errorWithoutFileOmitsProperty() {
        commands.error(null, "title", "message");

        assertEquals("::error title=title::message" + System.lineSeparator(), printed());
    }

    @Test
    void escapeDataEscapesPercentFirst() {
        String escaped = GitHubCommands.escapeData("%0A");

        assertEquals("%250A", escaped);
    }
}
