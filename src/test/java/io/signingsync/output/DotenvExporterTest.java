package io.signingsync.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotenvExporterTest {

    @TempDir
    Path temp;

    private final ByteArrayOutputStream stdoutBytes = new ByteArrayOutputStream();
    private final PrintStream stdout = new PrintStream(stdoutBytes, true, StandardCharsets.UTF_8);

    private static Map<OutputName, String> sampleOutputs() {
        Map<OutputName, String> outputs = new LinkedHashMap<>();
        outputs.put(OutputName.PROVISIONING_PROFILE_SLUGS, "p1|p2");
        outputs.put(OutputName.BUILD_CERTIFICATE_SLUGS, "");
        outputs.put(OutputName.SIGNING_SYNC_REPORT_PATH, "/tmp/report.json");
        return outputs;
    }

    @Test
    void exportWritesKeyValueFile() throws Exception {
        Path file = temp.resolve("nested/outputs.env");

        new DotenvExporter(file, stdout).export(sampleOutputs());

        assertEquals("PROVISIONING_PROFILE_SLUGS=p1|p2\nBUILD_CERTIFICATE_SLUGS=\n"
                + "SIGNING_SYNC_REPORT_PATH=/tmp/report.json\n", Files.readString(file));
        assertEquals("", stdoutBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void exportWithoutFilePrintsStdout() throws Exception {
        new DotenvExporter(null, stdout).export(sampleOutputs());

        assertEquals("PROVISIONING_PROFILE_SLUGS=p1|p2\nBUILD_CERTIFICATE_SLUGS=\n"
                + "SIGNING_SYNC_REPORT_PATH=/tmp/report.json\n", stdoutBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void lineBreakValueRejected() {
        Path file = temp.resolve("outputs.env");
        Map<OutputName, String> outputs = Map.of(OutputName.BUILD_CERTIFICATE_SLUGS, "a\nb");

        IOException error = assertThrows(IOException.class, () -> new DotenvExporter(file, stdout).export(outputs));

        assertTrue(error.getMessage().contains("BUILD_CERTIFICATE_SLUGS"), error.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void carriageReturnValueRejected() {
        Map<OutputName, String> outputs = Map.of(OutputName.BUILD_CERTIFICATE_SLUGS, "a\rb");

        assertThrows(IOException.class, () -> new DotenvExporter(null, stdout).export(outputs));

        assertEquals("", stdoutBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void brokenStdoutRaisesIOException() {
        java.io.PrintStream broken = new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("No space left on device");
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
        DotenvExporter exporter = new DotenvExporter(null, broken);

        java.io.IOException error = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> exporter.export(java.util.Map.of(OutputName.BUILD_CERTIFICATE_SLUGS, "s1")));

        org.junit.jupiter.api.Assertions.assertTrue(error.getMessage().contains("--output-file"), error.getMessage());
    }
}
