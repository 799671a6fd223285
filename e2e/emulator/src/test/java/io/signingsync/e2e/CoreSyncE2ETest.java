package io.signingsync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core sync, end to end: the built jar runs as a process against the emulator, with a
 * Bitrise-style or GitHub-style environment, and each test checks the exit code, the emulator's
 * final state, the requests it received, the exported outputs and that no secret was printed.
 */
@ExtendWith(EmulatorExtension.class)
class CoreSyncE2ETest {

    private static final String PASSWORD = "p12-pass \"quoted\" $HOME 'single' ü";
    private static final String PROFILE_A = "App Store – Café.mobileprovision";
    private static final String PROFILE_B = "Development.mobileprovision";
    private static final String CERTIFICATE = "Distribution.p12";

    @TempDir
    Path work;

    private TestEmulator emulator;
    private Path folder;

    @BeforeEach
    void makeFolder(TestEmulator emulator) throws IOException {
        this.emulator = emulator;
        folder = Files.createDirectories(work.resolve("signing files"));
        SigningFixtures fixtures = new SigningFixtures(Files.createDirectories(work.resolve("fixtures")));
        SigningFixtures.Identity identity = fixtures.identity("iPhone Distribution: E2E Test");
        fixtures.profile(folder.resolve(PROFILE_A), "App Store Café", identity);
        fixtures.profile(Files.createDirectories(folder.resolve("dev")).resolve(PROFILE_B), "Development", identity);
        fixtures.p12(folder.resolve(CERTIFICATE), identity, PASSWORD);
        Files.writeString(folder.resolve("README.txt"), "not a signing file");
        Files.writeString(folder.resolve(".hidden.p12"), "hidden");
    }

    @Test
    void bitriseFirstSyncUploadsAndFlagsEveryFile() {
        ProductRun.Result result = bitriseRun().input("is_expose", "no").input("is_protected", "yes").run();

        assertEquals(0, result.exitCode(), result::toString);
        List<JsonNode> profiles = records("provisioning-profiles");
        List<JsonNode> certificates = records("build-certificates");
        assertEquals(List.of(PROFILE_A, PROFILE_B), names(profiles), result::toString);
        assertEquals(List.of(CERTIFICATE), names(certificates));
        for (JsonNode record : concat(profiles, certificates)) {
            assertTrue(record.path("processed").asBoolean(), record::toString);
            assertFalse(record.path("is_expose").asBoolean(), record::toString);
            assertTrue(record.path("is_protected").asBoolean(), record::toString);
        }
        assertEquals(PASSWORD, certificates.get(0).path("certificate_password").asText());
        assertNoSecretLeaks(result);
    }

    @Test
    void bitriseOutputsGoThroughEnvmanInFileNameOrder() {
        ProductRun.Result result = bitriseRun().run();

        assertEquals(0, result.exitCode(), result::toString);
        Map<String, String> exported = envmanValues(result);
        String profileSlugs = slugOf("provisioning-profiles", PROFILE_A) + "|"
                + slugOf("provisioning-profiles", PROFILE_B);
        assertEquals(profileSlugs, exported.get("PROVISIONING_PROFILE_SLUGS"), result::toString);
        assertEquals(slugOf("build-certificates", CERTIFICATE), exported.get("BUILD_CERTIFICATE_SLUGS"));
        assertTrue(exported.get("SIGNING_SYNC_REPORT_PATH").endsWith("signing-sync-report.json"));
        assertTrue(result.envmanCalls().stream().allMatch(call -> call.startsWith("stdin=closed")),
                () -> String.join("\n", result.envmanCalls()));
        assertTrue(result.stderr().contains("Exported PROVISIONING_PROFILE_SLUGS=" + profileSlugs));
    }

    @Test
    void uploadSendsProtocolExactlyAsSpecified() {
        ProductRun.Result result = bitriseRun().input("is_protected", "yes").input("is_expose", "no").run();

        assertEquals(0, result.exitCode(), result::toString);
        List<JsonNode> api = emulator.admin().requests("api");
        List<JsonNode> s3 = emulator.admin().requests("s3");
        for (JsonNode request : api) {
            assertEquals(TestEmulator.TOKEN, header(request, "Authorization"), request::toString);
        }
        assertEquals(3, s3.size());
        for (JsonNode put : s3) {
            assertEquals("PUT", put.path("method").asText());
            assertEquals(null, header(put, "Authorization"), put::toString);
            assertEquals(null, header(put, "Transfer-Encoding"), put::toString);
            assertEquals(String.valueOf(put.path("bodyLength").asLong()), header(put, "Content-Length"));
        }
        List<JsonNode> creates = withMethod(api, "POST").stream()
                .filter(request -> !request.path("path").asText().endsWith("/uploaded")).toList();
        assertEquals(3, creates.size());
        for (JsonNode create : creates) {
            JsonNode body = Json.parse(create.path("body").asText());
            assertFalse(body.path("upload_file_name").asText().contains("/"), create::toString);
            assertTrue(header(create, "Content-Type").startsWith("application/json"));
        }
        List<String> certificatePatches = withMethod(api, "PATCH").stream()
                .filter(request -> request.path("path").asText().contains("/build-certificates/"))
                .map(request -> request.path("body").asText()).toList();
        assertEquals(2, certificatePatches.size(), certificatePatches::toString);
        assertTrue(certificatePatches.get(0).contains("certificate_password"), certificatePatches::toString);
        assertTrue(certificatePatches.get(0).contains("is_expose"), certificatePatches::toString);
        assertEquals("{\"is_protected\":true}", certificatePatches.get(1));
    }

    @Test
    void rerunSendsOnlyListRequests() {
        assertEquals(0, bitriseRun().input("is_protected", "yes").run().exitCode());
        emulator.admin().clearRequests();

        ProductRun.Result result = bitriseRun().input("is_protected", "yes").run();

        assertEquals(0, result.exitCode(), result::toString);
        List<JsonNode> api = emulator.admin().requests("api");
        assertEquals(List.of("GET"), api.stream().map(r -> r.path("method").asText()).distinct().toList(),
                api::toString);
        assertEquals(2, api.size(), api::toString);
        assertEquals(0, emulator.admin().requests("s3").size());
        assertEquals(3, records("provisioning-profiles").size() + records("build-certificates").size());
        assertTrue(envmanValues(result).get("BUILD_CERTIFICATE_SLUGS").matches("[0-9A-Z]{26}"));
    }

    @Test
    void githubRunWritesOutputsSummaryAndMasks() {
        ProductRun.Result result = ProductRun.github(work).against(emulator)
                .input("signing_files_dir", "signing files")
                .env("GITHUB_WORKSPACE", work.toString())
                .input("certificate_password", PASSWORD)
                .run();

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().startsWith("::add-mask::" + TestEmulator.TOKEN + "\n"), result::toString);
        assertEquals(slugOf("build-certificates", CERTIFICATE), result.githubOutputs().get("build-certificate-slugs"));
        assertEquals(slugOf("provisioning-profiles", PROFILE_A) + "|" + slugOf("provisioning-profiles", PROFILE_B),
                result.githubOutputs().get("provisioning-profile-slugs"));
        assertTrue(result.githubOutputs().containsKey("report-path"));
        assertTrue(result.githubStepSummary().contains("| " + CERTIFICATE + " | build certificate | uploaded |"),
                result.githubStepSummary());
        assertNoSecretLeaks(result);
    }

    @Test
    void leftoverUnprocessedRecordIsReplaced() {
        JsonNode leftover = emulator.admin().seed(TestEmulator.APP_SLUG, "build-certificates",
                AdminClient.object().put("upload_file_name", CERTIFICATE).put("upload_file_size", 10)
                        .put("processed", false), null);

        ProductRun.Result result = bitriseRun().run();

        assertEquals(0, result.exitCode(), result::toString);
        List<JsonNode> certificates = records("build-certificates");
        assertEquals(1, certificates.size(), certificates::toString);
        assertTrue(certificates.get(0).path("processed").asBoolean());
        assertFalse(certificates.get(0).path("slug").asText().equals(leftover.path("slug").asText()));
    }

    @Test
    void matchOnThirdPageIsFound() throws IOException {
        byte[] certificate = Files.readAllBytes(folder.resolve(CERTIFICATE));
        for (int i = 0; i < 110; i++) {
            emulator.admin().seed(TestEmulator.APP_SLUG, "build-certificates", AdminClient.object()
                    .put("upload_file_name", String.format(Locale.ROOT, "other-%03d.p12", i))
                    .put("upload_file_size", 3).put("processed", true), "abc".getBytes(StandardCharsets.UTF_8));
        }
        JsonNode existing = emulator.admin().seed(TestEmulator.APP_SLUG, "build-certificates", AdminClient.object()
                .put("upload_file_name", CERTIFICATE).put("upload_file_size", certificate.length)
                .put("processed", true).put("certificate_password", PASSWORD), certificate);
        emulator.admin().clearRequests();

        ProductRun.Result result = bitriseRun().run();

        assertEquals(0, result.exitCode(), result::toString);
        List<JsonNode> listCalls = emulator.admin().requests("api").stream()
                .filter(r -> r.path("path").asText().endsWith("/build-certificates")
                        && r.path("method").asText().equals("GET")).toList();
        assertEquals(3, listCalls.size(), listCalls::toString);
        assertTrue(listCalls.stream().allMatch(r -> r.path("query").asText().contains("limit=50")));
        assertEquals(existing.path("slug").asText(), envmanValues(result).get("BUILD_CERTIFICATE_SLUGS"));
        assertEquals(111, records("build-certificates").size(), "no certificate record was added");
    }

    @Test
    void protectedRemoteFileKeepsExposureWithWarning() throws IOException {
        byte[] certificate = Files.readAllBytes(folder.resolve(CERTIFICATE));
        emulator.admin().seed(TestEmulator.APP_SLUG, "build-certificates", AdminClient.object()
                .put("upload_file_name", CERTIFICATE).put("upload_file_size", certificate.length)
                .put("processed", true).put("is_protected", true).put("is_expose", true), certificate);

        ProductRun.Result result = bitriseRun().input("is_expose", "no").run();

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().lines().anyMatch(line -> line.startsWith("WARN") && line.contains(CERTIFICATE)
                && line.contains("is_expose")), result::toString);
        assertTrue(emulator.admin().requests("api").stream()
                .noneMatch(r -> r.path("method").asText().equals("PATCH")
                        && r.path("path").asText().contains("/build-certificates/")));
        assertTrue(records("build-certificates").get(0).path("is_expose").asBoolean());
    }

    @Test
    void failedUploadLeavesNoOrphanAndOthersSync() {
        emulator.admin().addFault(FaultRule.s3("PUT", ".*/Distribution\\.p12").respond(500,
                "<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>")
                .times(0).toJson());

        ProductRun.Result result = bitriseRun().run();

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(List.of(), records("build-certificates"), "the failed upload's record is deleted");
        assertEquals(2, records("provisioning-profiles").size());
        Map<String, String> exported = envmanValues(result);
        assertEquals("", exported.get("BUILD_CERTIFICATE_SLUGS"));
        assertEquals(2, exported.get("PROVISIONING_PROFILE_SLUGS").split("\\|").length);
        assertTrue(result.stderr().contains("InternalError"), result::toString);
        assertNoSecretLeaks(result);
    }

    @Test
    void failedConfirmDeletesTheRecord() {
        emulator.admin().addFault(FaultRule.api("POST", ".*/build-certificates/[^/]+/uploaded")
                .respond(500, "{\"message\":\"internal error\"}").times(0).toJson());

        ProductRun.Result result = bitriseRun().run();

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(List.of(), records("build-certificates"));
        assertEquals(2, records("provisioning-profiles").size());
    }

    @Test
    void badConfigurationSendsNoRequest() {
        ProductRun.Result result = bitriseRun().input("is_expose", "sometimes").run();

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("is_expose 'sometimes' is not a boolean"), result::toString);
        assertEquals(List.of(), emulator.admin().requests(null));
    }

    @Test
    void duplicateNamesRejectedBeforeAnyRequest() throws IOException {
        Files.copy(folder.resolve(CERTIFICATE), Files.createDirectories(folder.resolve("old")).resolve(CERTIFICATE));

        ProductRun.Result result = bitriseRun().run();

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("old/" + CERTIFICATE), result::toString);
        assertEquals(List.of(), emulator.admin().requests(null));
    }

    @Test
    void wrongTokenIsReportedWithoutTheToken() {
        String wrongToken = "wrong-token-7f3a9c1e";

        ProductRun.Result result = bitriseRun().input("bitrise_api_token", wrongToken).run();

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("rejected bitrise_api_token"), result::toString);
        assertFalse(result.allOutput().contains(wrongToken), result::toString);
        List<String> paths = emulator.admin().requests("api").stream().map(r -> r.path("path").asText()).toList();
        assertEquals(paths.stream().distinct().toList(), paths, "a 401 is not retried");
        assertEquals(2, paths.size(), "one list request per kind, sent concurrently");
    }

    @Test
    void unknownAppIsReportedClearly() {
        ProductRun.Result result = bitriseRun().input("app_slug", "no-such-app").run();

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("no app 'no-such-app'"), result::toString);
    }

    @Test
    void redirectIsNotFollowedWithTheToken() {
        emulator.admin().addFault(FaultRule.api("GET", ".*/provisioning-profiles")
                .redirect(307, emulator.trapUri() + "/v0.1/stolen").toJson());

        ProductRun.Result result = bitriseRun().run();

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(List.of(), emulator.admin().trapRequests());
        assertTrue(result.stderr().contains("not followed"), result::toString);
    }

    @Test
    void dryRunChangesNothing() {
        ProductRun.Result result = bitriseRun().input("dry_run", "yes").run();

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(emulator.admin().requests("api").stream().allMatch(r -> r.path("method").asText().equals("GET")));
        assertEquals(List.of(), emulator.admin().requests("s3"));
        assertEquals(List.of(), result.envmanCalls());
        assertTrue(result.stderr().contains("would upload"), result::toString);
    }

    @Test
    void emptyFolderSucceedsWithoutRequests() throws IOException {
        Path empty = Files.createDirectories(work.resolve("empty"));

        ProductRun.Result result = bitriseRun().input("signing_files_dir", empty.toString()).run();

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("nothing to sync"), result::toString);
        assertEquals(List.of(), emulator.admin().requests(null));
        assertEquals("", envmanValues(result).get("PROVISIONING_PROFILE_SLUGS"));
    }

    private ProductRun bitriseRun() {
        return ProductRun.bitrise(work).against(emulator)
                .input("signing_files_dir", folder.toString())
                .input("certificate_password", PASSWORD)
                .env("BITRISE_DEPLOY_DIR", work.resolve("deploy").toString());
    }

    private List<JsonNode> records(String kind) {
        return emulator.admin().records(TestEmulator.APP_SLUG, kind);
    }

    private String slugOf(String kind, String name) {
        return records(kind).stream()
                .filter(record -> record.path("upload_file_name").asText().equals(name))
                .map(record -> record.path("slug").asText())
                .findFirst().orElseThrow(() -> new AssertionError("no record named " + name));
    }

    private void assertNoSecretLeaks(ProductRun.Result result) {
        SecretScanner scanner = SecretScanner.forEmulator(emulator).secret("certificate password", PASSWORD);
        List<SecretScanner.Finding> findings = scanner.scan(Map.of(
                "stdout", result.stdout().replace("::add-mask::" + TestEmulator.TOKEN, ""),
                "stderr", result.stderr(),
                "envman", String.join("\n", result.envmanCalls()),
                "github outputs", result.githubOutputs().toString(),
                "step summary", result.githubStepSummary() == null ? "" : result.githubStepSummary(),
                "report", readReport()));
        assertEquals(List.of(), findings);
    }

    private String readReport() {
        Path report = work.resolve("deploy/signing-sync-report.json");
        try {
            return Files.exists(report) ? Files.readString(report) : "";
        } catch (IOException e) {
            throw new AssertionError("cannot read the report " + report, e);
        }
    }

    /** Reads the fake envman's log: each call is "stdin=…", "add", "--key", K, "--value", V, tab separated. */
    private static Map<String, String> envmanValues(ProductRun.Result result) {
        return result.envmanCalls().stream()
                .map(call -> call.split("\t", -1))
                .collect(Collectors.toMap(parts -> parts[3], parts -> parts[5], (first, second) -> second));
    }

    private static String header(JsonNode request, String name) {
        var fields = request.path("headers").fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue().path(0).asText();
            }
        }
        return null;
    }

    private static List<JsonNode> withMethod(List<JsonNode> requests, String method) {
        return requests.stream().filter(r -> r.path("method").asText().equals(method)).toList();
    }

    private static List<String> names(List<JsonNode> records) {
        return records.stream().map(r -> r.path("upload_file_name").asText()).sorted().toList();
    }

    private static List<JsonNode> concat(List<JsonNode> first, List<JsonNode> second) {
        List<JsonNode> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** Parses a recorded JSON body. */
    private static final class Json {
        static JsonNode parse(String text) {
            try {
                return AdminClient.MAPPER.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }
    }
}
