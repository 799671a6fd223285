package io.signingsync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fewest requests the API allows, counted exactly: one list per kind per 50 records; for a new
 * file create, PUT, confirm and only the PATCHes its flags need (is_expose and the password in one,
 * protection in a last one); for a file already in the right state, nothing.
 */
@ExtendWith(EmulatorExtension.class)
class RequestCountE2ETest {

    private static final String PASSWORD = "count-pass-51";

    @TempDir
    Path work;

    private TestEmulator emulator;
    private Path folder;

    @BeforeEach
    void makeFolder(TestEmulator emulator) throws IOException {
        this.emulator = emulator;
        folder = Files.createDirectories(work.resolve("signing"));
        SigningFixtures fixtures = new SigningFixtures(Files.createDirectories(work.resolve("fixtures")));
        SigningFixtures.Identity identity = fixtures.identity("Apple Distribution: Count Test");
        for (int i = 1; i <= 3; i++) {
            fixtures.profile(folder.resolve("Profile " + i + ".mobileprovision"), "Profile " + i, identity);
        }
        for (int i = 1; i <= 2; i++) {
            fixtures.p12(folder.resolve("Certificate " + i + ".p12"), identity, PASSWORD);
        }
    }

    @Test
    void firstSyncWithDefaultFlags() {
        ProductRun.Result result = run().run();

        assertEquals(0, result.exitCode(), result::toString);
        Map<String, Integer> counts = counts();
        assertEquals(2, counts.get("GET list"), counts::toString);
        assertEquals(5, counts.get("POST create"), counts::toString);
        assertEquals(5, counts.get("PUT s3"), counts::toString);
        assertEquals(5, counts.get("POST confirm"), counts::toString);
        assertEquals(2, counts.get("PATCH"), "one PATCH per certificate, for its password: " + counts);
        assertEquals(19, total(counts), counts::toString);
    }

    @Test
    void firstSyncWithEveryFlag() {
        ProductRun.Result result = run().input("is_expose", "no").input("is_protected", "yes").run();

        assertEquals(0, result.exitCode(), result::toString);
        Map<String, Integer> counts = counts();
        assertEquals(10, counts.get("PATCH"), "two PATCHes per file, protection last: " + counts);
        assertEquals(2 + 5 + 5 + 5 + 10, total(counts), counts::toString);
    }

    @Test
    void noOpRerunSendsOnlyLists() {
        assertEquals(0, run().input("is_protected", "yes").run().exitCode());
        emulator.admin().clearRequests();

        ProductRun.Result result = run().input("is_protected", "yes").run();

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(Map.of("GET list", 2), counts());
    }

    @Test
    void listsOnePagePerFiftyRecords() {
        for (int i = 0; i < 101; i++) {
            emulator.admin().seed(TestEmulator.APP_SLUG, "build-certificates", AdminClient.object()
                    .put("upload_file_name", String.format(Locale.ROOT, "other-%03d.p12", i))
                    .put("upload_file_size", 3).put("processed", true), "abc".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        emulator.admin().clearRequests();

        ProductRun.Result result = run().run();

        assertEquals(0, result.exitCode(), result::toString);
        List<JsonNode> certificateLists = emulator.admin().requests("api").stream()
                .filter(r -> r.path("method").asText().equals("GET")
                        && r.path("path").asText().endsWith("/build-certificates")).toList();
        assertEquals(3, certificateLists.size(), "101 records take 3 pages of 50: " + certificateLists);
    }

    private ProductRun run() {
        return ProductRun.bitrise(work).against(emulator)
                .input("signing_files_dir", folder.toString())
                .input("certificate_password", PASSWORD);
    }

    /** Counts the recorded requests by what they are: list, create, confirm, PATCH, DELETE, S3 PUT. */
    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode request : emulator.admin().requests(null)) {
            String method = request.path("method").asText();
            String path = request.path("path").asText();
            String kind;
            if (request.path("target").asText().equals("s3")) {
                kind = method + " s3";
            } else if (method.equals("GET")) {
                kind = path.matches(".*/(provisioning-profiles|build-certificates)$") ? "GET list" : "GET show";
            } else if (method.equals("POST")) {
                kind = path.endsWith("/uploaded") ? "POST confirm" : "POST create";
            } else {
                kind = method;
            }
            counts.merge(kind, 1, Integer::sum);
        }
        return counts;
    }

    private static int total(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
