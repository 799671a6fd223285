package io.signingsync.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signingsync.inspect.Inspection;
import io.signingsync.scan.FileKind;
import io.signingsync.scan.LocalFile;
import io.signingsync.sync.FileResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    private static LocalFile file(String name, FileKind kind) {
        return new LocalFile(Path.of("/signing", name), name, name, kind, 100, "ab".repeat(32));
    }

    private static FileResult result(String name, FileKind kind, String identity, Instant expiry,
            FileResult.Outcome outcome, String slug) {
        LocalFile file = file(name, kind);
        Inspection inspection = new Inspection(file, identity, expiry, null, List.of(), List.of(), List.of());
        return new FileResult(file, inspection, outcome, slug, List.of(), List.of(), null);
    }

    private static List<FileResult> sample() {
        return List.of(
                result("App.mobileprovision", FileKind.PROVISIONING_PROFILE, "Example App Store (UUID-1)",
                        Instant.parse("2026-03-01T10:00:00Z"), FileResult.Outcome.UPLOADED, "prof-1"),
                result("Dist.p12", FileKind.BUILD_CERTIFICATE, "Apple Distribution: Example (serial 1A)",
                        Instant.parse("2027-12-31T23:59:59Z"), FileResult.Outcome.ALREADY_ON_BITRISE, "cert-1"));
    }

    @Test
    void headerThenOneRowPerFile() {
        List<String> lines = ResultTable.lines(sample());

        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("File"), lines.get(0));
        assertTrue(lines.get(0).contains("Identity"), lines.get(0));
        assertTrue(lines.get(0).contains("Expiry"), lines.get(0));
        assertTrue(lines.get(1).startsWith("App.mobileprovision"), lines.get(1));
        assertTrue(lines.get(2).startsWith("Dist.p12"), lines.get(2));
    }

    @Test
    void identityAndExpiryShown() {
        List<String> lines = ResultTable.lines(sample());

        assertTrue(lines.get(1).contains("Example App Store (UUID-1)"), lines.get(1));
        assertTrue(lines.get(1).contains("2026-03-01"), lines.get(1));
        assertTrue(lines.get(2).contains("Apple Distribution: Example (serial 1A)"), lines.get(2));
        assertTrue(lines.get(2).contains("2027-12-31"), lines.get(2));
    }

    @Test
    void outcomeAndSlugShown() {
        List<String> lines = ResultTable.lines(sample());

        assertTrue(lines.get(1).contains("uploaded"), lines.get(1));
        assertTrue(lines.get(1).endsWith("prof-1"), lines.get(1));
    }

    @Test
    void columnsAligned() {
        List<String> lines = ResultTable.lines(sample());

        int identityColumn = lines.get(0).indexOf("Identity");
        assertEquals(identityColumn, lines.get(1).indexOf("Example App Store"));
        assertEquals(identityColumn, lines.get(2).indexOf("Apple Distribution"));
    }

    @Test
    void longCellCutWithEllipsis() {
        String identity = "X".repeat(200);
        List<String> lines = ResultTable.lines(List.of(result("Long.p12", FileKind.BUILD_CERTIFICATE, identity,
                null, FileResult.Outcome.REJECTED, null)));

        assertFalse(lines.get(1).contains(identity), lines.get(1));
        assertTrue(lines.get(1).contains("X".repeat(79) + "…"), lines.get(1));
    }

    @Test
    void unreadFileHasEmptyCells() {
        List<String> lines = ResultTable.lines(List.of(result("Bad.p12", FileKind.BUILD_CERTIFICATE, "", null,
                FileResult.Outcome.REJECTED, null)));

        assertEquals(2, lines.size());
        assertTrue(lines.get(1).contains("rejected"), lines.get(1));
    }

    @Test
    void emptyResultsGiveHeaderOnly() {
        assertEquals(1, ResultTable.lines(List.of()).size());
    }
}
