package io.signingsync.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signingsync.inspect.Inspection;
import io.signingsync.scan.FileKind;
import io.signingsync.scan.LocalFile;
import io.signingsync.sync.FileResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path temp;

    private static LocalFile file(String displayPath, FileKind kind) {
        String name = Path.of(displayPath).getFileName().toString();
        return new LocalFile(Path.of("/signing", displayPath), displayPath, name, kind, 321, SHA);
    }

    private static List<FileResult> sampleResults() {
        FileResult uploaded = new FileResult(file("ios/App.mobileprovision", FileKind.PROVISIONING_PROFILE),
                FileResult.Outcome.UPLOADED, "prof-1", List.of("uploaded 321 bytes as prof-1"), List.of(), null);
        FileResult failed = new FileResult(file("Dist.p12", FileKind.BUILD_CERTIFICATE),
                FileResult.Outcome.FAILED, null, List.of(), List.of("could not delete x"), "PUT /b answered 403");
        return List.of(uploaded, failed);
    }

    @Test
    void writeJsonHasTopLevelFields() throws Exception {
        Path reportFile = temp.resolve("reports/report.json");

        new ReportWriter().writeJson(reportFile, "app-1", false, sampleResults(), List.of("'x.txt' is not"));

        JsonNode report = new ObjectMapper().readTree(reportFile.toFile());
        assertEquals("app-1", report.path("app_slug").asText());
        assertFalse(report.path("dry_run").asBoolean(true));
        assertEquals("failed", report.path("result").asText());
        assertEquals(2, report.path("files").size());
        assertEquals("'x.txt' is not", report.path("skipped").path(0).asText());
    }

    @Test
    void writeJsonHasFileFields() throws Exception {
        Path reportFile = temp.resolve("report.json");

        new ReportWriter().writeJson(reportFile, "app-1", false, sampleResults(), List.of());

        JsonNode entry = new ObjectMapper().readTree(reportFile.toFile()).path("files").path(0);
        assertEquals("ios/App.mobileprovision", entry.path("path").asText());
        assertEquals("App.mobileprovision", entry.path("name").asText());
        assertEquals("provisioning-profiles", entry.path("kind").asText());
        assertEquals(321, entry.path("size_bytes").asLong());
        assertEquals(SHA, entry.path("sha256").asText());
        assertEquals("uploaded", entry.path("outcome").asText());
        assertEquals("prof-1", entry.path("slug").asText());
        assertEquals("uploaded 321 bytes as prof-1", entry.path("actions").path(0).asText());
        assertEquals(0, entry.path("warnings").size());
        assertTrue(entry.path("error").isNull());
    }

    @Test
    void writeJsonRecordsFailure() throws Exception {
        Path reportFile = temp.resolve("report.json");

        new ReportWriter().writeJson(reportFile, "app-1", false, sampleResults(), List.of());

        JsonNode entry = new ObjectMapper().readTree(reportFile.toFile()).path("files").path(1);
        assertEquals("failed", entry.path("outcome").asText());
        assertTrue(entry.path("slug").isNull());
        assertEquals("PUT /b answered 403", entry.path("error").asText());
        assertEquals("could not delete x", entry.path("warnings").path(0).asText());
    }

    @Test
    void writeJsonSuccessWithoutFailures() throws Exception {
        Path reportFile = temp.resolve("report.json");

        new ReportWriter().writeJson(reportFile, "app-1", true, sampleResults().subList(0, 1), List.of());

        JsonNode report = new ObjectMapper().readTree(reportFile.toFile());
        assertEquals("success", report.path("result").asText());
        assertTrue(report.path("dry_run").asBoolean(false));
    }

    @Test
    void writeJsonReplacesOldReport() throws Exception {
        Path reportFile = Files.writeString(temp.resolve("report.json"), "{\"old\": true, \"padding\": \""
                + "x".repeat(5000) + "\"}");

        new ReportWriter().writeJson(reportFile, "app-1", false, List.of(), List.of());

        JsonNode report = new ObjectMapper().readTree(reportFile.toFile());
        assertTrue(report.path("old").isMissingNode());
    }

    @Test
    void markdownSummaryEscapesPipes() {
        FileResult result = new FileResult(file("odd|name.p12", FileKind.BUILD_CERTIFICATE),
                FileResult.Outcome.FAILED, null, List.of(), List.of(), "a | b\nsecond line");

        String summary = ReportWriter.markdownSummary("app-1", List.of(result));

        assertTrue(summary.contains("| odd\\|name.p12 | build certificate | failed: a \\| b second line |  |"),
                summary);
    }

    @Test
    void markdownSummaryCannotStartLineOrLink() {
        FileResult result = new FileResult(file("Dist.p12", FileKind.BUILD_CERTIFICATE),
                FileResult.Outcome.FAILED, null, List.of(), List.of(), "no\r\r# FORGED\r[login](https://x.invalid)");

        String summary = ReportWriter.markdownSummary("app-1", List.of(result));

        assertEquals(1, summary.lines().filter(line -> line.startsWith("#")).count(), "only the title: " + summary);
        assertTrue(summary.contains("\\[login\\]\\(https://x.invalid\\)"), summary);
    }

    @Test
    void summaryScrubsBeforeEscaping() {
        FileResult result = new FileResult(file("Dist.p12", FileKind.BUILD_CERTIFICATE),
                FileResult.Outcome.FAILED, null, List.of(), List.of(), "server said pa\"ss\\w0rd");

        String summary = ReportWriter.markdownSummary("app-1", List.of(result),
                text -> text.replace("pa\"ss\\w0rd", "*****"));

        assertTrue(summary.contains("server said \\*\\*\\*\\*\\*"), summary);
        assertFalse(summary.contains("w0rd"), summary);
    }

    @Test
    void reportScrubsBeforeJsonEscaping(@TempDir Path folder) throws Exception {
        FileResult result = new FileResult(file("Dist.p12", FileKind.BUILD_CERTIFICATE),
                FileResult.Outcome.FAILED, null, List.of(), List.of(), "server said pa\"ss\\w0rd");
        Path report = folder.resolve("report.json");

        new ReportWriter(text -> text.replace("pa\"ss\\w0rd", "*****"))
                .writeJson(report, "app-1", false, List.of(result), List.of());

        String json = Files.readString(report);
        assertTrue(json.contains("server said *****"), json);
        assertFalse(json.contains("w0rd"), json);
    }

    @Test
    void markdownSummaryListsSlug() {
        String summary = ReportWriter.markdownSummary("app-1", sampleResults());

        assertTrue(summary.startsWith("### signing-sync: app app-1\n"), summary);
        assertTrue(summary.contains("| ios/App.mobileprovision | provisioning profile | uploaded | `prof-1` |"),
                summary);
    }

    @Test
    void identityAndExpiryReported() throws Exception {
        LocalFile file = file("Dist.p12", FileKind.BUILD_CERTIFICATE);
        Inspection inspection = new Inspection(file, "Apple Distribution: Example (serial 1A)",
                Instant.parse("2027-12-31T23:59:59Z"), null, List.of(), List.of(), List.of());
        FileResult result = new FileResult(file, inspection, FileResult.Outcome.ALREADY_ON_BITRISE, "cert-1",
                List.of(), List.of(), null);
        Path reportFile = temp.resolve("report.json");

        new ReportWriter().writeJson(reportFile, "app-1", false, List.of(result), List.of());

        JsonNode entry = new ObjectMapper().readTree(reportFile.toFile()).path("files").path(0);
        assertEquals("Apple Distribution: Example (serial 1A)", entry.path("identity").asText());
        assertEquals("2027-12-31T23:59:59Z", entry.path("expiry").asText());
    }

    @Test
    void rejectedFileReportedWithoutExpiry() throws Exception {
        LocalFile file = file("Bad.p12", FileKind.BUILD_CERTIFICATE);
        Inspection inspection = new Inspection(file, "", null, "is not a PKCS12 file", List.of(), List.of(),
                List.of());
        FileResult result = new FileResult(file, inspection, FileResult.Outcome.REJECTED, null, List.of(), List.of(),
                "is not a PKCS12 file");
        Path reportFile = temp.resolve("report.json");

        new ReportWriter().writeJson(reportFile, "app-1", false, List.of(result), List.of());

        JsonNode report = new ObjectMapper().readTree(reportFile.toFile());
        JsonNode entry = report.path("files").path(0);
        assertEquals("rejected", entry.path("outcome").asText());
        assertTrue(entry.path("expiry").isNull());
        assertEquals("failed", report.path("result").asText());
    }
}
