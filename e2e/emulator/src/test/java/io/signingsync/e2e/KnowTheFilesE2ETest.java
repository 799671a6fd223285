package io.signingsync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inspection before upload and matching by content, end to end: the jar opens every .p12 and
 * profile, rejects the unusable ones without stopping the others, and decides "already on
 * Bitrise" by SHA-256 when the API serves it, by name and size otherwise, or by comparing bytes.
 */
@ExtendWith(EmulatorExtension.class)
class KnowTheFilesE2ETest {

    private static final String PASSWORD = "dist-pass-4c1e";
    private static final String CERTIFICATES = "build-certificates";
    private static final String PROFILES = "provisioning-profiles";

    @TempDir
    Path work;

    private TestEmulator emulator;
    private Path folder;
    private SigningFixtures fixtures;
    private SigningFixtures.Identity identity;

    @BeforeEach
    void makeFolder(TestEmulator emulator) throws IOException {
        this.emulator = emulator;
        folder = Files.createDirectories(work.resolve("signing"));
        fixtures = new SigningFixtures(Files.createDirectories(work.resolve("fixtures")));
        identity = fixtures.identity("Apple Distribution: E2E Test");
    }

    @Test
    void wrongPasswordIsRejectedOthersUpload() {
        fixtures.p12(folder.resolve("Good.p12"), identity, PASSWORD);
        fixtures.p12(folder.resolve("Other.p12"), identity, "another-password-77");
        fixtures.profile(folder.resolve("App.mobileprovision"), "App", identity);

        ProductRun.Result result = run().run();

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(List.of("Good.p12"), names(CERTIFICATES));
        assertEquals(List.of("App.mobileprovision"), names(PROFILES));
        assertTrue(result.stderr().lines().anyMatch(line -> line.contains("Other.p12")
                && line.contains("wrong password")), result::toString);
        assertFalse(result.allOutput().contains("another-password-77"), result::toString);
        assertFalse(result.allOutput().contains(PASSWORD), result::toString);
    }

    @Test
    void perFilePasswordsOpenEachCertificate() {
        fixtures.p12(folder.resolve("Good.p12"), identity, PASSWORD);
        fixtures.p12(folder.resolve("Other=Team.p12"), identity, "other pass = with equals");

        ProductRun.Result result = run()
                .input("certificate_passwords", "Other\\=Team.p12=other pass = with equals\n")
                .run();

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(PASSWORD, record(CERTIFICATES, "Good.p12").path("certificate_password").asText());
        assertEquals("other pass = with equals",
                record(CERTIFICATES, "Other=Team.p12").path("certificate_password").asText());
        assertFalse(result.allOutput().contains("other pass = with equals"), result::toString);
    }

    @Test
    void textCertificateIsRejected() throws IOException {
        fixtures.p12(folder.resolve("Good.p12"), identity, PASSWORD);
        Path base64 = folder.resolve("Base64.p12");
        Files.writeString(base64, Base64.getMimeEncoder().encodeToString(Files.readAllBytes(folder.resolve("Good.p12"))));

        ProductRun.Result result = run().run();

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(List.of("Good.p12"), names(CERTIFICATES));
        assertTrue(result.stderr().contains("Base64.p12"), result::toString);
        assertTrue(result.stderr().contains("not a PKCS12 file"), result::toString);
    }

    @Test
    void truncatedProfileIsRejected() throws IOException {
        Path profile = fixtures.profile(folder.resolve("App.mobileprovision"), "App", identity).file();
        byte[] bytes = Files.readAllBytes(profile);
        Files.write(profile, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        ProductRun.Result result = run().run();

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(List.of(), records(PROFILES));
        assertTrue(result.stderr().contains("is not a provisioning profile"), result::toString);
    }

    @Test
    void expiredProfileRejectedUnlessAllowed() {
        fixtures.profile(folder.resolve("Old.mobileprovision"), "Old", identity,
                ZonedDateTime.now(ZoneOffset.UTC).minusDays(3));

        ProductRun.Result rejected = run().run();

        assertEquals(1, rejected.exitCode(), rejected::toString);
        assertEquals(List.of(), records(PROFILES));
        assertTrue(rejected.stderr().contains("expired on"), rejected::toString);
        assertTrue(rejected.stderr().contains("allow_expired"), rejected::toString);

        ProductRun.Result allowed = run().input("allow_expired", "yes").run();

        assertEquals(0, allowed.exitCode(), allowed::toString);
        assertEquals(List.of("Old.mobileprovision"), names(PROFILES));
        assertTrue(allowed.stderr().lines().anyMatch(line -> line.startsWith("WARN") && line.contains("expired on")),
                allowed::toString);
    }

    @Test
    void expiringProfileGetsWarningWithDate() {
        ZonedDateTime soon = ZonedDateTime.now(ZoneOffset.UTC).plusDays(10);
        fixtures.profile(folder.resolve("Soon.mobileprovision"), "Soon", identity, soon);

        ProductRun.Result result = run().run();

        assertEquals(0, result.exitCode(), result::toString);
        String date = soon.toLocalDate().toString();
        assertTrue(result.stderr().lines().anyMatch(line -> line.startsWith("WARN") && line.contains("expires on " + date)),
                result::toString);
    }

    @Test
    void profileWithoutMatchingCertificateWarns() {
        fixtures.p12(folder.resolve("Good.p12"), identity, PASSWORD);
        SigningFixtures.Identity stranger = fixtures.identity("Apple Development: Someone Else");
        fixtures.profile(folder.resolve("Foreign.mobileprovision"), "Foreign", stranger);
        fixtures.profile(folder.resolve("Ours.mobileprovision"), "Ours", identity);

        ProductRun.Result result = run().run();

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().lines().anyMatch(line -> line.startsWith("WARN")
                && line.contains("Foreign.mobileprovision") && line.contains("allows none")), result::toString);
        assertFalse(result.stderr().lines().anyMatch(line -> line.startsWith("WARN")
                && line.contains("Ours.mobileprovision")), result::toString);
    }

    @Test
    void sameHashUnderOtherNameIsAlreadyThere() throws IOException {
        emulator.admin().registerApp(TestEmulator.APP_SLUG, TestEmulator.TOKEN, true);
        Path local = fixtures.p12(folder.resolve("Distribution.p12"), identity, PASSWORD);
        JsonNode existing = seedProcessed(CERTIFICATES, "Identities.p12", Files.readAllBytes(local));

        ProductRun.Result result = run().run();

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("Identities.p12"), names(CERTIFICATES));
        assertTrue(result.stderr().contains("already on Bitrise as Identities.p12"), result::toString);
        assertEquals(existing.path("slug").asText(), envman(result).get("BUILD_CERTIFICATE_SLUGS"));
    }

    @Test
    void sameNameOtherHashUploadsNewRecord() throws IOException {
        emulator.admin().registerApp(TestEmulator.APP_SLUG, TestEmulator.TOKEN, true);
        Path local = fixtures.p12(folder.resolve("Distribution.p12"), identity, PASSWORD);
        byte[] other = Files.readAllBytes(fixtures.p12(work.resolve("old.p12"), identity, "old-password-1"));
        JsonNode old = seedProcessed(CERTIFICATES, "Distribution.p12", other);

        ProductRun.Result result = run().run();

        assertEquals(0, result.exitCode(), result::toString);
        List<JsonNode> certificates = records(CERTIFICATES);
        assertEquals(2, certificates.size(), certificates::toString);
        assertTrue(result.stderr().contains("kept old record " + old.path("slug").asText()), result::toString);
        assertNotEquals(old.path("slug").asText(), envman(result).get("BUILD_CERTIFICATE_SLUGS"));
        assertEquals(Files.size(local), record(CERTIFICATES, "Distribution.p12", old).path("upload_file_size").asLong());
    }

    @Test
    void renewedProfileReplacesOldWhenAsked() throws IOException {
        Path local = fixtures.profile(folder.resolve("App.mobileprovision"), "App", identity).file();
        byte[] old = "renewed profiles keep their name but not their bytes".getBytes(StandardCharsets.UTF_8);
        JsonNode oldRecord = seedProcessed(PROFILES, "App.mobileprovision", old);

        ProductRun.Result result = run().input("replace_changed", "yes").run();

        assertEquals(0, result.exitCode(), result::toString);
        List<JsonNode> profiles = records(PROFILES);
        assertEquals(1, profiles.size(), profiles::toString);
        assertEquals(Files.size(local), profiles.get(0).path("upload_file_size").asLong());
        assertNotEquals(oldRecord.path("slug").asText(), profiles.get(0).path("slug").asText());
        assertTrue(result.stderr().contains("deleted old record " + oldRecord.path("slug").asText()),
                result::toString);
        List<JsonNode> api = emulator.admin().requests("api");
        int confirmAt = indexOf(api, "POST", "/uploaded");
        int deleteAt = indexOf(api, "DELETE", "/" + oldRecord.path("slug").asText());
        assertTrue(confirmAt >= 0, "the new record is confirmed");
        assertTrue(confirmAt < deleteAt, "the old record is deleted only after the new one is confirmed");
    }

    @Test
    void verifyRemoteComparesOnlyCandidates() throws IOException {
        Path same = fixtures.p12(folder.resolve("Same.p12"), identity, PASSWORD);
        Path changed = fixtures.p12(folder.resolve("Changed.p12"), identity, PASSWORD);
        fixtures.p12(folder.resolve("Untouched.p12"), identity, PASSWORD);
        JsonNode sameRecord = seedProcessed(CERTIFICATES, "Same.p12", Files.readAllBytes(same));
        byte[] differentBytes = Files.readAllBytes(changed);
        differentBytes[differentBytes.length - 1] ^= 0x55;
        JsonNode changedRecord = seedProcessed(CERTIFICATES, "Changed.p12", differentBytes);
        seedProcessed(CERTIFICATES, "Unrelated.p12", "x".repeat(100).getBytes(StandardCharsets.UTF_8));
        emulator.admin().clearRequests();

        ProductRun.Result result = run().input("verify_remote", "yes").run();

        assertEquals(0, result.exitCode(), result::toString);
        List<JsonNode> downloads = emulator.admin().requests("s3").stream()
                .filter(request -> request.path("method").asText().equals("GET")).toList();
        assertEquals(2, downloads.size(), downloads::toString);
        assertEquals(sameRecord.path("slug").asText(), slugOf(result, "Same.p12"));
        assertNotEquals(changedRecord.path("slug").asText(), slugOf(result, "Changed.p12"));
        assertEquals(5, records(CERTIFICATES).size(), "Changed.p12 and Untouched.p12 are new; the old record is kept");
    }

    @Test
    void dryRunShowsIdentityAndPlan() {
        fixtures.profile(folder.resolve("App.mobileprovision"), "App Store Profile", identity);
        fixtures.p12(folder.resolve("Other.p12"), identity, "not-the-password");

        ProductRun.Result result = run().input("dry_run", "yes").run();

        assertEquals(1, result.exitCode(), "a plan with a rejected file exits 1: " + result);
        assertTrue(result.stderr().contains("App Store Profile ("), result::toString);
        assertTrue(result.stderr().contains("would upload"), result::toString);
        assertTrue(result.stderr().contains("rejected"), result::toString);
        assertEquals(List.of(), emulator.admin().requests("s3"));
        assertTrue(emulator.admin().requests("api").stream().allMatch(r -> r.path("method").asText().equals("GET")));
    }

    private ProductRun run() {
        return ProductRun.bitrise(work).against(emulator)
                .input("signing_files_dir", folder.toString())
                .input("certificate_password", PASSWORD)
                .env("BITRISE_DEPLOY_DIR", work.resolve("deploy").toString());
    }

    private JsonNode seedProcessed(String kind, String name, byte[] content) {
        return emulator.admin().seed(TestEmulator.APP_SLUG, kind, AdminClient.object()
                .put("upload_file_name", name).put("upload_file_size", content.length).put("processed", true)
                .put("certificate_password", PASSWORD), content);
    }

    private List<JsonNode> records(String kind) {
        return emulator.admin().records(TestEmulator.APP_SLUG, kind);
    }

    private List<String> names(String kind) {
        return records(kind).stream().map(r -> r.path("upload_file_name").asText()).sorted().toList();
    }

    /** Returns the record named {@code name} that is not {@code other}. */
    private JsonNode record(String kind, String name, JsonNode other) {
        return records(kind).stream().filter(r -> r.path("upload_file_name").asText().equals(name))
                .filter(r -> !r.path("slug").asText().equals(other.path("slug").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no new record named " + name));
    }

    private JsonNode record(String kind, String name) {
        return records(kind).stream().filter(r -> r.path("upload_file_name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no record named " + name));
    }

    /** Reads the slug the report gives a local file. */
    private String slugOf(ProductRun.Result result, String fileName) throws IOException {
        JsonNode report = AdminClient.MAPPER.readTree(work.resolve("deploy/signing-sync-report.json").toFile());
        for (JsonNode file : report.path("files")) {
            if (file.path("name").asText().equals(fileName)) {
                return file.path("slug").asText();
            }
        }
        throw new AssertionError("no report entry for " + fileName + ": " + result);
    }

    private static Map<String, String> envman(ProductRun.Result result) {
        return result.envmanCalls().stream().map(call -> call.split("\t", -1))
                .collect(java.util.stream.Collectors.toMap(parts -> parts[3], parts -> parts[5], (a, b) -> b));
    }

    private static int indexOf(List<JsonNode> requests, String method, String pathSuffix) {
        for (int i = 0; i < requests.size(); i++) {
            JsonNode request = requests.get(i);
            if (request.path("method").asText().equals(method) && request.path("path").asText().endsWith(pathSuffix)) {
                return i;
            }
        }
        return -1;
    }
}
