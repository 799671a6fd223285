package io.signingsync.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvmanExporterTest {

    /** Room for three process starts, but less than the 15 s that three stdin timeouts of the fake take. */
    private static final Duration TIMEOUT = Duration.ofSeconds(12);

    @TempDir
    Path temp;

    /**
     * Writes a fake envman that logs each argument in brackets, then how reading stdin ended:
     * "stdin-eof" when stdin is closed, "stdin-timeout" when it stays open for 5 s, "got-input" otherwise.
     */
    private Path fakeEnvman(int exitCode) throws IOException {
        Path log = temp.resolve("envman.log");
        Path script = temp.resolve("envman");
        Files.writeString(script, "#!/usr/bin/env bash\n"
                + "for argument in \"$@\"; do printf '[%s]' \"$argument\" >> '" + log + "'; done\n"
                + "read -t 5 -r line\n"
                + "status=$?\n"
                + "if [ \"$status\" -eq 0 ]; then echo ' got-input' >> '" + log + "';\n"
                + "elif [ \"$status\" -gt 128 ]; then echo ' stdin-timeout' >> '" + log + "';\n"
                + "else echo ' stdin-eof' >> '" + log + "'; fi\n"
                + "exit " + exitCode + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void exportAddsEachOutput() throws Exception {
        Path envman = fakeEnvman(0);
        Map<OutputName, String> outputs = new LinkedHashMap<>();
        outputs.put(OutputName.PROVISIONING_PROFILE_SLUGS, "p1|p2");
        outputs.put(OutputName.BUILD_CERTIFICATE_SLUGS, "");
        outputs.put(OutputName.SIGNING_SYNC_REPORT_PATH, "/tmp/report with space.json");

        assertTimeoutPreemptively(TIMEOUT, () -> new EnvmanExporter(envman.toString()).export(outputs));

        List<String> calls = Files.readAllLines(temp.resolve("envman.log"));
        assertEquals(List.of(
                "[add][--key][PROVISIONING_PROFILE_SLUGS][--value][p1|p2] stdin-eof",
                "[add][--key][BUILD_CERTIFICATE_SLUGS][--value][] stdin-eof",
                "[add][--key][SIGNING_SYNC_REPORT_PATH][--value][/tmp/report with space.json] stdin-eof"), calls);
    }

    @Test
    void failingEnvmanNamesKey() throws Exception {
        Path envman = fakeEnvman(3);
        Map<OutputName, String> outputs = Map.of(OutputName.BUILD_CERTIFICATE_SLUGS, "c1");

        IOException error = assertTimeoutPreemptively(TIMEOUT,
                () -> assertThrows(IOException.class, () -> new EnvmanExporter(envman.toString()).export(outputs)));

        assertTrue(error.getMessage().contains("BUILD_CERTIFICATE_SLUGS"), error.getMessage());
        assertTrue(error.getMessage().contains("exited with 3"), error.getMessage());
    }

    @Test
    void missingEnvmanRaisesIoException() {
        String absent = temp.resolve("no-envman").toString();
        Map<OutputName, String> outputs = Map.of(OutputName.BUILD_CERTIFICATE_SLUGS, "c1");

        assertThrows(IOException.class, () -> new EnvmanExporter(absent).export(outputs));
    }
}
