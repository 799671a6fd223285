package io.signingsync.logging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Passes text through a {@link Redactor} one line at a time, so a secret is recognised whole
 * even when it is written in pieces. Bytes are decoded as UTF-8.
 */
public final class RedactingOutputStream extends OutputStream {

    private static final String MASK_COMMAND = "::add-mask::";

    private final OutputStream target;
    private final Redactor redactor;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public RedactingOutputStream(OutputStream target, Redactor redactor) {
        this.target = target;
        this.redactor = redactor;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            emitLine();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    /** Flushes whole lines only; a partial line waits for its end, or for {@link #close()}. */
    @Override
    public synchronized void flush() throws IOException {
        target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        emitLine();
        target.close();
    }

    private void emitLine() throws IOException {
        if (line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        // A mask command must reach the runner whole. Masking a shorter secret inside it, such as a
        // certificate_password that a longer stored password contains, would register the wrong value.
        boolean maskCommand = text.startsWith(MASK_COMMAND);
        target.write((maskCommand ? text : redactor.redact(text)).getBytes(StandardCharsets.UTF_8));
        target.flush();
    }
}
