package io.signingsync.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedactingOutputStreamTest {

    private final ByteArrayOutputStream target = new ByteArrayOutputStream();
    private final Redactor redactor = new Redactor();

    @BeforeEach
    void registerSecret() {
        redactor.addSecret("tok-31c9-secret");
    }

    private String written() {
        return target.toString(StandardCharsets.UTF_8);
    }

    @Test
    void secretMaskedInWholeLine() throws Exception {
        RedactingOutputStream stream = new RedactingOutputStream(target, redactor);

        stream.write("token tok-31c9-secret here\n".getBytes(StandardCharsets.UTF_8));

        assertEquals("token ***** here\n", written());
    }

    @Test
    void secretMaskedWhenWrittenInPieces() throws Exception {
        RedactingOutputStream stream = new RedactingOutputStream(target, redactor);

        stream.write("token tok-3".getBytes(StandardCharsets.UTF_8));
        stream.flush();
        stream.write("1c9-sec".getBytes(StandardCharsets.UTF_8));
        stream.write('r');
        stream.write("et here\n".getBytes(StandardCharsets.UTF_8));

        assertEquals("token ***** here\n", written());
    }

    @Test
    void partialLineHeldUntilClose() throws Exception {
        RedactingOutputStream stream = new RedactingOutputStream(target, redactor);
        stream.write("no newline tok-31c9-secret".getBytes(StandardCharsets.UTF_8));
        stream.flush();
        String beforeClose = written();

        stream.close();

        assertEquals("", beforeClose);
        assertEquals("no newline *****", written());
    }

    @Test
    void printStreamLinesRedacted() {
        PrintStream print = new PrintStream(new RedactingOutputStream(target, redactor), true, StandardCharsets.UTF_8);

        print.println("ü tok-31c9-secret ü");
        print.printf("X-Amz-Signature=%s%n", "feedbeef");

        assertEquals("ü ***** ü" + System.lineSeparator() + "X-Amz-Signature=*****" + System.lineSeparator(),
                written());
    }

    @Test
    void maskCommandPassesWhole() throws Exception {
        RedactingOutputStream stream = new RedactingOutputStream(target, redactor);

        stream.write("::add-mask::Corp-tok-31c9-secret-2024\nnext Corp-tok-31c9-secret-2024\n"
                .getBytes(StandardCharsets.UTF_8));

        assertEquals("::add-mask::Corp-tok-31c9-secret-2024\nnext Corp-*****-2024\n", written());
    }
}
