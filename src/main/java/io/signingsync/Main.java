package io.signingsync;

import io.signingsync.api.HttpClientThreads;
import io.signingsync.logging.LogPrintStream;
import io.signingsync.logging.RedactingOutputStream;
import io.signingsync.logging.Redactor;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** Entry point: wires the real environment and streams to {@link SigningSync} and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Redactor redactor = new Redactor();
        PrintStream out = new PrintStream(new RedactingOutputStream(new FileOutputStream(FileDescriptor.out), redactor),
                true, StandardCharsets.UTF_8);
        PrintStream err = new LogPrintStream(new RedactingOutputStream(new FileOutputStream(FileDescriptor.err), redactor));
        System.setOut(out);
        System.setErr(err);
        int exitCode;
        try {
            exitCode = new SigningSync(System.getenv(), Path.of("").toAbsolutePath(), out, err, redactor).run(args);
        } catch (RuntimeException e) {
            // A bug: the trace goes through the same secret filter as the log, and helps a report.
            err.println("ERROR signing-sync stopped on an unexpected error (" + e + "). Files already uploaded stay"
                    + " on Bitrise, and the next run continues from there. Please report this with the log:");
            e.printStackTrace(err);
            exitCode = ExitCode.SYNC_FAILED;
        }
        out.flush();
        err.flush();
        // Without this, the JVM's exit waits about 0.3 s for the HTTP client's idle selector threads.
        HttpClientThreads.stopSelectors(Duration.ofMillis(100));
        System.exit(exitCode);
    }
}
