package io.signingsync.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHubOutputExporterTest {

    @TempDir
    Path temp;

    @Test
    void singleLineWrittenAsNameValue() throws Exception {
        Path outputFile = temp.resolve("github_output");
        Map<OutputName, String> outputs = new LinkedHashMap<>();
        outputs.put(OutputName.PROVISIONING_PROFILE_SLUGS, "p1|p2");
        outputs.put(OutputName.BUILD_CERTIFICATE_SLUGS, "");

        new GitHubOutputExporter(outputFile).export(outputs);

        assertEquals("provisioning-profile-slugs=p1|p2\nbuild-certificate-slugs=\n",
                Files.readString(outputFile, StandardCharsets.UTF_8));
    }

    @Test
    void exportAppendsToExistingFile() throws Exception {
        Path outputFile = Files.writeString(temp.resolve("github_output"), "earlier=step\n");

        new GitHubOutputExporter(outputFile).export(Map.of(OutputName.SIGNING_SYNC_REPORT_PATH, "/tmp/report.json"));

        assertEquals("earlier=step\nreport-path=/tmp/report.json\n", Files.readString(outputFile));
    }

    @Test
    void multiLineValueUsesHeredoc() throws Exception {
        Path outputFile = temp.resolve("github_output");
        String value = "first line\nsecond line";

        new GitHubOutputExporter(outputFile).export(Map.of(OutputName.BUILD_CERTIFICATE_SLUGS, value));

        List<String> lines = Files.readAllLines(outputFile);
        assertEquals(4, lines.size());
        assertTrue(lines.get(0).startsWith("build-certificate-slugs<<"), lines.get(0));
        String delimiter = lines.get(0).substring("build-certificate-slugs<<".length());
        assertFalse(delimiter.isEmpty());
        assertEquals("first line", lines.get(1));
        assertEquals("second line", lines.get(2));
        assertEquals(delimiter, lines.get(3));
    }

    @Test
    void heredocDelimiterAbsentFromValue() throws Exception {
        Path outputFile = temp.resolve("github_output");
        String value = "ghadelimiter_\nghadelimiter_00000000-0000-0000-0000-000000000000\nend";

        new GitHubOutputExporter(outputFile).export(Map.of(OutputName.BUILD_CERTIFICATE_SLUGS, value));

        String text = Files.readString(outputFile);
        String header = text.substring(0, text.indexOf('\n'));
        String delimiter = header.substring(header.indexOf("<<") + 2);
        assertFalse(value.contains(delimiter), delimiter);
        assertEquals(header + "\n" + value + "\n" + delimiter + "\n", text);
    }

    @Test
    void carriageReturnValueUsesHeredoc() {
        String formatted = GitHubOutputExporter.format("name", "a\rb");

        assertTrue(formatted.startsWith("name<<ghadelimiter_"), formatted);
    }
}
