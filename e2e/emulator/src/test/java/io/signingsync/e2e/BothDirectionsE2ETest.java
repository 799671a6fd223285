package io.signingsync.e2e;

import static io.signingsync.e2e.SyncChecks.CERTIFICATES;
import static io.signingsync.e2e.SyncChecks.PROFILES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both directions end to end: download mode, generic project files, Android keystores and prune.
 * The built jar runs as a process against the emulator. Each test checks the exit code, the
 * emulator's records and requests, the files on disk, the outputs, and that no secret leaked.
 */
@ExtendWith(EmulatorExtension.class)
class BothDirectionsE2ETest {

    private static final String GENERIC = "generic-project-files";
    private static final String KEYSTORES = "android-keystore-files";
    private static final String ALL_KINDS = "provisioning-profiles,build-certificates,generic-project-files";
    private static final String P12_PASSWORD = "p12-pass-7f3a-e2e";
    private static final String STORE_PASSWORD = "store-pass-2b9c-e2e";
    private static final String KEY_PASSWORD = "key-pass-d41e-e2e";
    private static final String ALIAS = "upload-alias-6c0f";

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
        identity = fixtures.identity("Apple Distribution: Both Directions");
    }

    // Download mode.

    @Test
    void downloadRestoresUploadedFolder() throws IOException {
        fixtures.profile(folder.resolve("App.mobileprovision"), "App", identity);
        fixtures.p12(folder.resolve("Dist.p12"), identity, P12_PASSWORD);
        Files.writeString(folder.resolve("google-services.json"), "{\"project_info\": {}}");
        ProductRun.Result upload = uploadRun().input("include_generic_files", "yes").run(SyncChecks.productJar());
        assertEquals(0, upload.exitCode(), upload::toString);
        byte[] keystore = Files.readAllBytes(fixtures.keystore(work.resolve("release.jks"), ALIAS, STORE_PASSWORD));
        emulator.admin().seed(TestEmulator.APP_SLUG, KEYSTORES, AdminClient.object()
                .put("upload_file_name", "release.jks").put("processed", true).put("alias", ALIAS)
                .put("password", STORE_PASSWORD).put("private_key_password", STORE_PASSWORD), keystore);
        Path restored = work.resolve("restored/not/yet/there");
        emulator.admin().clearRequests();

        ProductRun.Result download = downloadRun(restored).input("kinds", ALL_KINDS).run(SyncChecks.productJar());

        assertEquals(0, download.exitCode(), download::toString);
        for (String name : List.of("App.mobileprovision", "Dist.p12", "google-services.json")) {
            Path file = restored.resolve(name);
            assertArrayEquals(Files.readAllBytes(folder.resolve(name)), Files.readAllBytes(file), name);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), name);
        }
        assertEquals(List.of("App.mobileprovision", "Dist.p12", "google-services.json"), entries(restored),
                "no temporary file is left behind, and the keystore in the generic list is not downloaded");
        Map<String, String> exported = envmanValues();
        assertEquals(restored.resolve("App.mobileprovision").toString(), exported.get("PROVISIONING_PROFILE_PATHS"));
        assertEquals(restored.resolve("Dist.p12").toString(), exported.get("BUILD_CERTIFICATE_PATHS"));
        assertEquals(restored.resolve("google-services.json").toString(), exported.get("GENERIC_PROJECT_FILE_PATHS"));
        assertEquals(SyncChecks.slugOf(emulator, PROFILES, "App.mobileprovision"),
                exported.get("PROVISIONING_PROFILE_SLUGS"));
        assertEquals(SyncChecks.slugOf(emulator, CERTIFICATES, "Dist.p12"), exported.get("BUILD_CERTIFICATE_SLUGS"));
        assertEquals(SyncChecks.slugOf(emulator, GENERIC, "google-services.json"),
                exported.get("GENERIC_PROJECT_FILE_SLUGS"));
        assertEquals("GOOGLE_SERVICES_JSON", exported.get("GENERIC_PROJECT_FILE_ENV_KEYS"));
        assertEquals(List.of(), SyncChecks.writeRequests(emulator), "download mode changes nothing on Bitrise");
        assertNoSecrets(download, P12_PASSWORD, STORE_PASSWORD);
    }

    @Test
    void downloadPasswordsGoThroughEnvmanStdin() throws IOException {
        seedCertificate("Dist.p12", "certificate one".getBytes(StandardCharsets.UTF_8), P12_PASSWORD, false);
        seedCertificate("Other.p12", "certificate two".getBytes(StandardCharsets.UTF_8), "second-pass-e2e", false);

        ProductRun.Result result = downloadRun(folder).run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        List<EnvmanCall> passwordCalls = envmanCalls().stream()
                .filter(call -> call.key().equals("BUILD_CERTIFICATE_PASSWORDS")).toList();
        assertEquals(1, passwordCalls.size(), envmanCalls()::toString);
        assertEquals(List.of("add", "--key", "BUILD_CERTIFICATE_PASSWORDS", "--sensitive"),
                passwordCalls.get(0).arguments());
        assertEquals(P12_PASSWORD + "|second-pass-e2e", passwordCalls.get(0).stdin());
        for (EnvmanCall call : envmanCalls()) {
            assertFalse(String.join(" ", call.arguments()).contains(P12_PASSWORD), call::toString);
        }
        assertNoSecrets(result, P12_PASSWORD, "second-pass-e2e");
    }

    @Test
    void downloadPasswordsMaskedOnGithub() {
        seedCertificate("Dist.p12", "certificate one".getBytes(StandardCharsets.UTF_8), P12_PASSWORD, false);

        ProductRun.Result result = ProductRun.github(work).against(emulator)
                .input("mode", "download")
                .input("signing_files_dir", folder.toString())
                .env("GITHUB_WORKSPACE", work.resolve("runner").toString())
                .run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().lines().anyMatch(line -> line.equals("::add-mask::" + P12_PASSWORD)),
                result::toString);
        assertEquals(P12_PASSWORD, result.githubOutputs().get("build-certificate-passwords"));
        assertEquals(folder.resolve("Dist.p12").toString(), result.githubOutputs().get("build-certificate-paths"));
        SyncChecks.assertNoSecrets(SyncChecks.scanner(emulator, P12_PASSWORD), Map.of(
                "stdout", result.stdout(), "stderr", result.stderr(), "step summary", result.githubStepSummary(),
                "report", SyncChecks.readOrEmpty(work.resolve("runner/signing-sync-report.json"))));
    }

    @Test
    void downloadDotenvLeavesPasswordsOut() {
        String slug = seedCertificate("Dist.p12", "certificate one".getBytes(StandardCharsets.UTF_8), P12_PASSWORD,
                false).path("slug").asText();

        ProductRun.Result result = ProductRun.bitrise(work).against(emulator)
                .withoutEnv("ENVMAN_ENVSTORE_PATH")
                .input("mode", "download")
                .input("signing_files_dir", folder.toString())
                .run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().lines().anyMatch(line -> line.equals("BUILD_CERTIFICATE_SLUGS=" + slug)),
                result::toString);
        assertFalse(result.stdout().contains("BUILD_CERTIFICATE_PASSWORDS"), result::toString);
        assertNoSecrets(result, P12_PASSWORD);
    }

    @Test
    void downloadOverwriteRules() throws IOException {
        byte[] same = "profile bytes on both sides".getBytes(StandardCharsets.UTF_8);
        byte[] remote = "certificate bytes on Bitrise".getBytes(StandardCharsets.UTF_8);
        byte[] localEdit = "a local certificate that differs".getBytes(StandardCharsets.UTF_8);
        seedProfile("App.mobileprovision", same, false);
        seedCertificate("Dist.p12", remote, P12_PASSWORD, false);
        Path sameFile = Files.write(folder.resolve("App.mobileprovision"), same);
        Path different = Files.write(folder.resolve("Dist.p12"), localEdit);
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(sameFile, old);

        ProductRun.Result kept = downloadRun(folder).run(SyncChecks.productJar());

        assertEquals(1, kept.exitCode(), kept::toString);
        assertEquals(old, Files.getLastModifiedTime(sameFile), "a file with the same bytes is left alone");
        assertArrayEquals(localEdit, Files.readAllBytes(different));
        assertTrue(kept.stderr().lines().anyMatch(line -> line.contains("not overwritten") && line.contains("Dist.p12")
                && line.contains("overwrite: yes")), kept::toString);

        ProductRun.Result replaced = downloadRun(folder).input("overwrite", "yes").run(SyncChecks.productJar());

        assertEquals(0, replaced.exitCode(), replaced::toString);
        assertArrayEquals(remote, Files.readAllBytes(different));
        assertEquals(old, Files.getLastModifiedTime(sameFile));
        assertEquals(List.of("App.mobileprovision", "Dist.p12"), entries(folder));
    }

    @Test
    void downloadSkipsProtectedWithReason() throws IOException {
        seedCertificate("Locked.p12", "protected bytes".getBytes(StandardCharsets.UTF_8), P12_PASSWORD, true);
        seedProfile("App.mobileprovision", "profile".getBytes(StandardCharsets.UTF_8), false);

        ProductRun.Result result = downloadRun(folder).run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("App.mobileprovision"), entries(folder));
        assertTrue(result.stderr().lines().anyMatch(line -> line.contains("skipped") && line.contains("Locked.p12")
                && line.contains("protected")), result::toString);
        assertEquals("", envmanValues().get("BUILD_CERTIFICATE_SLUGS"));
        assertEquals(List.of(), SyncChecks.requests(emulator, "api", "GET",
                SyncChecks.slugOf(emulator, CERTIFICATES, "Locked.p12")), "a protected record is not even shown");
    }

    @Test
    void downloadSizeMismatchFailsThatFile() throws IOException {
        byte[] stored = "the stored bytes are shorter".getBytes(StandardCharsets.UTF_8);
        emulator.admin().seed(TestEmulator.APP_SLUG, CERTIFICATES, AdminClient.object()
                .put("upload_file_name", "Short.p12").put("upload_file_size", stored.length + 1000)
                .put("processed", true).put("certificate_password", P12_PASSWORD), stored);
        seedProfile("App.mobileprovision", "profile".getBytes(StandardCharsets.UTF_8), false);

        ProductRun.Result result = downloadRun(folder).run(SyncChecks.productJar());

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(List.of("App.mobileprovision"), entries(folder), "no file and no partial file for Short.p12");
        assertTrue(result.stderr().lines().anyMatch(line -> line.contains("Short.p12")
                && line.contains("downloaded " + stored.length + " bytes")), result::toString);
        assertEquals("", envmanValues().get("BUILD_CERTIFICATE_SLUGS"));
        assertNoSecrets(result, P12_PASSWORD);
    }

    @Test
    void downloadWithoutUtf8LocaleFailsThatFile() throws IOException {
        seedProfile("Caf\u00e9.mobileprovision", "accented".getBytes(StandardCharsets.UTF_8), false);
        seedProfile("Plain.mobileprovision", "plain".getBytes(StandardCharsets.UTF_8), false);

        ProductRun.Result result = downloadRun(folder).withoutEnv("LANG").run(SyncChecks.productJar());

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(List.of("Plain.mobileprovision"), entries(folder));
        assertTrue(result.stderr().lines().anyMatch(line -> line.contains("failed")
                && line.contains("run with a UTF-8 locale")), result::toString);
        assertFalse(result.stderr().contains("Exception"), result::toString);
    }

    @Test
    void downloadLogKeepsRecordNameOnOneLine() throws IOException {
        seedProfile("a\n::stop-commands::zz1\n.mobileprovision", "forged".getBytes(StandardCharsets.UTF_8), false);

        ProductRun.Result result = downloadRun(folder).run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().lines().noneMatch(line -> line.strip().startsWith("::")), result::toString);
        assertTrue(result.stderr().contains("a\\n::stop-commands::zz1\\n.mobileprovision"), result::toString);
    }

    @Test
    void downloadRejectsBodyOfOtherLength() throws IOException {
        byte[] stored = "certificate bytes as uploaded".getBytes(StandardCharsets.UTF_8);
        String slug = seedCertificate("Dist.p12", stored, P12_PASSWORD, false).path("slug").asText();
        emulator.admin().addFault(FaultRule.s3("GET", "/" + slug + "/").times(0)
                .respond(200, "a different body of another length").toJson());

        ProductRun.Result result = downloadRun(folder).run(SyncChecks.productJar());

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(1, SyncChecks.faultFired(emulator, 0), "the S3 GET went through the fault");
        assertEquals(List.of(), entries(folder));
        assertTrue(result.stderr().lines().anyMatch(line -> line.contains("failed") && line.contains("Dist.p12")),
                result::toString);
    }

    @Test
    void downloadKeepsParentFolderNameInside() throws IOException {
        // S3Proxy rejects an object key with "..", and the emulator puts the file name into the key,
        // so the record is seeded without content and a fault rule serves its bytes.
        byte[] bytes = "evil bytes".getBytes(StandardCharsets.UTF_8);
        emulator.admin().seed(TestEmulator.APP_SLUG, CERTIFICATES, AdminClient.object()
                .put("upload_file_name", "../evil.p12").put("upload_file_size", bytes.length)
                .put("processed", true), null);
        emulator.admin().addFault(FaultRule.s3("GET", "evil\\.p12").times(0)
                .respond(200, new String(bytes, StandardCharsets.UTF_8)).toJson());

        ProductRun.Result result = downloadRun(folder).run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("evil.p12"), entries(folder));
        assertFalse(Files.exists(work.resolve("evil.p12")), "nothing is written next to the folder");
        assertEquals(1, SyncChecks.faultFired(emulator, 0), "the S3 GET went through the fault");
        assertArrayEquals(bytes, Files.readAllBytes(folder.resolve("evil.p12")));
    }

    // Generic project files.

    @Test
    void envKeyClashStopsBeforeAnyRequest() throws IOException {
        Files.writeString(Files.createDirectories(folder.resolve("android")).resolve("google-services.json"), "{}");
        Files.writeString(folder.resolve("google_services.json"), "{\"other\": true}");

        ProductRun.Result result = uploadRun().input("include_generic_files", "yes").run(SyncChecks.productJar());

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("android/google-services.json"), result::toString);
        assertTrue(result.stderr().contains("'google_services.json'"), result::toString);
        assertTrue(result.stderr().contains("GOOGLE_SERVICES_JSON"), result::toString);
        assertEquals(List.of(), emulator.admin().requests("api"));
    }

    @Test
    void genericFileUploadsWithDerivedEnvKey() throws IOException {
        Files.writeString(folder.resolve("google-services.json"), "{\"project_info\": {}}");

        ProductRun.Result result = uploadRun().input("include_generic_files", "yes").run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        List<JsonNode> records = SyncChecks.records(emulator, GENERIC);
        assertEquals(1, records.size(), records::toString);
        assertEquals("GOOGLE_SERVICES_JSON", records.get(0).path("user_env_key").asText());
        assertTrue(records.get(0).path("processed").asBoolean());
        assertEquals("GOOGLE_SERVICES_JSON", SyncChecks.envmanValues(result).get("GENERIC_PROJECT_FILE_ENV_KEYS"));
        assertEquals(records.get(0).path("slug").asText(),
                SyncChecks.envmanValues(result).get("GENERIC_PROJECT_FILE_SLUGS"));
    }

    @Test
    void existingEnvKeyCountsAsSameFile() throws IOException {
        byte[] content = "{\"project_info\": {}}".getBytes(StandardCharsets.UTF_8);
        Files.write(folder.resolve("google-services.json"), content);
        JsonNode existing = emulator.admin().seed(TestEmulator.APP_SLUG, GENERIC, AdminClient.object()
                .put("upload_file_name", "google services (old).json").put("user_env_key", "GOOGLE_SERVICES_JSON")
                .put("processed", true), content);

        ProductRun.Result result = uploadRun().input("include_generic_files", "yes").run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of(), SyncChecks.writeRequests(emulator));
        assertEquals(existing.path("slug").asText(), SyncChecks.envmanValues(result).get("GENERIC_PROJECT_FILE_SLUGS"));
    }

    // Android keystores.

    @Test
    void keystoreUploadsWithCredentials() throws IOException {
        Path keystore = jksKeystore(folder.resolve("release.jks"));
        Files.writeString(folder.resolve("google-services.json"), "{}");

        ProductRun.Result result = keystoreRun().input("include_generic_files", "yes").input("prune", "yes")
                .run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        List<JsonNode> keystores = SyncChecks.records(emulator, KEYSTORES);
        assertEquals(1, keystores.size(), keystores::toString);
        JsonNode record = keystores.get(0);
        assertTrue(record.path("processed").asBoolean());
        assertEquals(ALIAS, record.path("alias").asText());
        assertEquals(STORE_PASSWORD, record.path("password").asText());
        assertEquals(KEY_PASSWORD, record.path("private_key_password").asText());
        assertEquals(Files.size(keystore), record.path("upload_file_size").asLong());
        assertEquals(List.of("google-services.json"), SyncChecks.recordNames(emulator, GENERIC),
                "the keystore is not uploaded a second time as a generic file");
        List<JsonNode> creates = SyncChecks.requests(emulator, "api", "POST", "/(generic-project-files|android-keystore-files)$");
        assertEquals(2, creates.size(), creates::toString);
        assertEquals(record.path("slug").asText(), SyncChecks.envmanValues(result).get("ANDROID_KEYSTORE_SLUGS"));

        emulator.admin().clearRequests();
        ProductRun.Result again = keystoreRun().input("include_generic_files", "yes").input("prune", "yes")
                .run(SyncChecks.productJar());

        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(List.of(), SyncChecks.writeRequests(emulator),
                "the keystore, listed among generic files too, is neither uploaded again nor pruned");
        assertTrue(Http.send(Http.request(emulator.kindUri(GENERIC)).header("Authorization", emulator.token())
                .GET().build()).body().contains(record.path("slug").asText()), "the emulator lists it as generic");
        assertNoKeystoreSecrets(result);
        assertNoKeystoreSecrets(again);
    }

    @Test
    void keystoreWithWrongCredentialsIsRejected() throws IOException {
        jksKeystore(folder.resolve("release.jks"));
        fixtures.profile(folder.resolve("App.mobileprovision"), "App", identity);
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put("keystore_password", new String[] {"wrong-store-pass-e2e", ALIAS, KEY_PASSWORD});
        cases.put("keystore_alias", new String[] {STORE_PASSWORD, "wrong-alias-e2e", KEY_PASSWORD});
        cases.put("keystore_private_key_password", new String[] {STORE_PASSWORD, ALIAS, "wrong-key-pass-e2e"});

        for (Map.Entry<String, String[]> wrong : cases.entrySet()) {
            String[] values = wrong.getValue();
            ProductRun.Result result = uploadRun()
                    .input("keystore_password", values[0])
                    .input("keystore_alias", values[1])
                    .input("keystore_private_key_password", values[2])
                    .run(SyncChecks.productJar());

            assertEquals(1, result.exitCode(), wrong.getKey() + ": " + result);
            assertEquals(List.of(), SyncChecks.records(emulator, KEYSTORES), wrong.getKey());
            assertEquals(List.of("App.mobileprovision"), SyncChecks.recordNames(emulator, PROFILES), wrong.getKey());
            assertTrue(result.stderr().lines().anyMatch(line -> line.contains("release.jks")
                    && line.contains(wrong.getKey())), wrong.getKey() + ": " + result);
            SyncChecks.assertNoSecrets(SyncChecks.scanner(emulator, values[0], values[2], STORE_PASSWORD, KEY_PASSWORD)
                    .secret("keystore alias", values[1]), Map.of("stdout", result.stdout(), "stderr", result.stderr(),
                    "report", SyncChecks.readOrEmpty(work.resolve("deploy/signing-sync-report.json"))));
        }
    }

    @Test
    void keystoreWithoutCredentialsNamesMissingInputs() throws IOException {
        fixtures.keystore(folder.resolve("release.keystore"), ALIAS, STORE_PASSWORD);
        fixtures.p12(folder.resolve("Dist.p12"), identity, P12_PASSWORD);

        ProductRun.Result result = uploadRun().input("keystore_password", STORE_PASSWORD).run(SyncChecks.productJar());

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(List.of(), SyncChecks.records(emulator, KEYSTORES));
        assertEquals(List.of("Dist.p12"), SyncChecks.recordNames(emulator, CERTIFICATES));
        assertTrue(result.stderr().lines().anyMatch(line -> line.contains("release.keystore")
                && line.contains("set keystore_alias, keystore_private_key_password")), result::toString);
    }

    @Test
    void secondKeystoreSendsFileName() throws IOException {
        byte[] debug = Files.readAllBytes(fixtures.keystore(work.resolve("debug.keystore"), "debug", "android"));
        emulator.admin().seed(TestEmulator.APP_SLUG, KEYSTORES, AdminClient.object()
                .put("upload_file_name", "debug.keystore").put("processed", true).put("alias", "debug")
                .put("password", "android").put("private_key_password", "android"), debug);
        jksKeystore(folder.resolve("release-upload.jks"));

        ProductRun.Result result = keystoreRun().run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        List<JsonNode> creates = SyncChecks.requests(emulator, "api", "POST", "/android-keystore-files$");
        assertEquals(1, creates.size(), creates::toString);
        assertEquals("release_upload", SyncChecks.parse(creates.get(0).path("body").asText())
                .path("keystore_file_name").asText());
        assertEquals(List.of("debug.keystore", "release-upload.jks"), SyncChecks.recordNames(emulator, KEYSTORES));
    }

    @Test
    void twoKeystoresOnEmptyAppBothUpload() throws IOException {
        jksKeystore(folder.resolve("release.jks"));
        jksKeystore(folder.resolve("upload.jks"));

        ProductRun.Result result = keystoreRun().input("parallel_uploads", "1").run(SyncChecks.productJar());

        assertEquals(List.of("release.jks", "upload.jks"), SyncChecks.recordNames(emulator, KEYSTORES),
                result::toString);
        assertEquals(0, result.exitCode(), result::toString);
    }

    // Prune.

    @Test
    void pruneDeletesRecordsWithoutLocalFile() throws IOException {
        fixtures.profile(folder.resolve("App.mobileprovision"), "App", identity);
        String orphan = seedProfile("Gone.mobileprovision", "gone".getBytes(StandardCharsets.UTF_8), false)
                .path("slug").asText();
        String locked = seedCertificate("Locked.p12", "locked".getBytes(StandardCharsets.UTF_8), P12_PASSWORD, true)
                .path("slug").asText();
        emulator.admin().seed(TestEmulator.APP_SLUG, GENERIC, AdminClient.object().put("upload_file_name", "notes.txt")
                .put("user_env_key", "NOTES_TXT").put("processed", true), "notes".getBytes(StandardCharsets.UTF_8));

        ProductRun.Result result = uploadRun().input("prune", "yes").run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("App.mobileprovision"), SyncChecks.recordNames(emulator, PROFILES));
        assertEquals(List.of("Locked.p12"), SyncChecks.recordNames(emulator, CERTIFICATES));
        assertEquals(List.of("notes.txt"), SyncChecks.recordNames(emulator, GENERIC),
                "generic files are not a synced kind without include_generic_files");
        List<String> lines = result.stderr().lines().toList();
        int planned = indexOf(lines, "Prune: will delete provisioning profile Gone.mobileprovision (" + orphan + ")");
        int uploaded = indexOf(lines, "App.mobileprovision -> ");
        int keeps = indexOf(lines, "Prune: keeps protected build certificate Locked.p12 (" + locked + ")");
        assertTrue(planned >= 0 && keeps >= 0, result::toString);
        assertTrue(uploaded > planned, "the plan lists the prune before the uploads: " + result);
        List<JsonNode> api = emulator.admin().requests("api");
        int confirmAt = indexOfRequest(api, "POST", "/uploaded");
        int deleteAt = indexOfRequest(api, "DELETE", "/" + orphan);
        assertTrue(confirmAt >= 0 && confirmAt < deleteAt, "prune deletes only after the uploads");

        ProductRun.Result withProtected = uploadRun().input("prune", "yes").input("prune_protected", "yes")
                .run(SyncChecks.productJar());

        assertEquals(0, withProtected.exitCode(), withProtected::toString);
        assertEquals(List.of(), SyncChecks.recordNames(emulator, CERTIFICATES));
        assertEquals(List.of("App.mobileprovision"), SyncChecks.recordNames(emulator, PROFILES));
    }

    @Test
    void pruneDeletesNothingAfterFailure() throws IOException {
        fixtures.profile(folder.resolve("App.mobileprovision"), "App", identity);
        fixtures.p12(folder.resolve("Wrong.p12"), identity, "not-the-input-password");
        seedProfile("Gone.mobileprovision", "gone".getBytes(StandardCharsets.UTF_8), false);

        ProductRun.Result result = uploadRun().input("prune", "yes").run(SyncChecks.productJar());

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(List.of("App.mobileprovision", "Gone.mobileprovision"), SyncChecks.recordNames(emulator, PROFILES));
        assertEquals(List.of(), SyncChecks.requests(emulator, "api", "DELETE", "."));
        List<String> lines = result.stderr().lines().toList();
        assertTrue(indexOf(lines, "Prune: will delete provisioning profile Gone.mobileprovision") >= 0,
                result::toString);
        assertTrue(indexOf(lines, "Prune skipped") >= 0, result::toString);
    }

    @Test
    void pruneWithEmptyFolderDeletesNothing() {
        seedProfile("Gone.mobileprovision", "gone".getBytes(StandardCharsets.UTF_8), false);

        ProductRun.Result result = uploadRun().input("prune", "yes").run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("Gone.mobileprovision"), SyncChecks.recordNames(emulator, PROFILES));
        assertEquals(List.of(), SyncChecks.writeRequests(emulator));
    }

    // Helpers.

    private ProductRun uploadRun() {
        return ProductRun.bitrise(work).against(emulator)
                .input("signing_files_dir", folder.toString())
                .input("certificate_password", P12_PASSWORD)
                .env("BITRISE_DEPLOY_DIR", work.resolve("deploy").toString());
    }

    private ProductRun keystoreRun() {
        return uploadRun()
                .input("keystore_password", STORE_PASSWORD)
                .input("keystore_alias", ALIAS)
                .input("keystore_private_key_password", KEY_PASSWORD);
    }

    /**
     * A download run whose envman is {@link #recordingEnvman}: it comes before the harness's fake
     * on PATH, because that fake does not keep what arrives on standard input.
     */
    private ProductRun downloadRun(Path target) throws IOException {
        Path bin = recordingEnvman();
        return ProductRun.bitrise(work).against(emulator)
                .input("mode", "download")
                .input("signing_files_dir", target.toString())
                .env("BITRISE_DEPLOY_DIR", work.resolve("deploy").toString())
                .env("PATH", bin + ":" + work.resolve("bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    /** One call of the recording envman: its arguments and what it read on standard input. */
    private record EnvmanCall(List<String> arguments, String stdin) {
        String key() {
            int at = arguments.indexOf("--key");
            return at >= 0 && at + 1 < arguments.size() ? arguments.get(at + 1) : "";
        }

        /** The exported value: after --value, or standard input for a --sensitive call. */
        String value() {
            int at = arguments.indexOf("--value");
            return at >= 0 && at + 1 < arguments.size() ? arguments.get(at + 1) : stdin;
        }
    }

    /** Writes an envman that stores each call's arguments (one a line) in N.args and its stdin in N.stdin. */
    private Path recordingEnvman() throws IOException {
        Path bin = Files.createDirectories(work.resolve("recording-bin"));
        Path calls = Files.createDirectories(work.resolve("envman-calls"));
        Path script = bin.resolve("envman");
        Files.writeString(script, "#!/bin/sh\n"
                + "n=$(ls '" + calls + "' | wc -l)\n"
                + "printf '%s\\n' \"$@\" > '" + calls + "'/$n.args\n"
                + "cat > '" + calls + "'/$n.stdin\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return bin;
    }

    private List<EnvmanCall> envmanCalls() throws IOException {
        Path calls = work.resolve("envman-calls");
        List<EnvmanCall> result = new ArrayList<>();
        if (!Files.isDirectory(calls)) {
            return result;
        }
        try (Stream<Path> files = Files.list(calls)) {
            for (Path args : files.filter(path -> path.toString().endsWith(".args")).sorted().toList()) {
                String stdin = Files.readString(Path.of(args.toString().replace(".args", ".stdin")));
                result.add(new EnvmanCall(Files.readAllLines(args), stdin));
            }
        }
        return result;
    }

    private Map<String, String> envmanValues() throws IOException {
        Map<String, String> values = new HashMap<>();
        envmanCalls().forEach(call -> values.put(call.key(), call.value()));
        return values;
    }

    /** Makes a JKS keystore whose key password differs from its store password, with keytool. */
    private Path jksKeystore(Path file) {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        try {
            Process process = new ProcessBuilder(keytool, "-genkeypair", "-keyalg", "RSA", "-keysize", "2048",
                    "-validity", "730", "-alias", ALIAS, "-dname", "CN=signing-sync e2e release key",
                    "-keystore", file.toString(), "-storetype", "JKS", "-storepass", STORE_PASSWORD,
                    "-keypass", KEY_PASSWORD).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private JsonNode seedCertificate(String name, byte[] content, String password, boolean isProtected) {
        ObjectNode fields = AdminClient.object().put("upload_file_name", name).put("processed", true)
                .put("is_protected", isProtected).put("certificate_password", password);
        return emulator.admin().seed(TestEmulator.APP_SLUG, CERTIFICATES, fields, content);
    }

    private JsonNode seedProfile(String name, byte[] content, boolean isProtected) {
        ObjectNode fields = AdminClient.object().put("upload_file_name", name).put("processed", true)
                .put("is_protected", isProtected);
        return emulator.admin().seed(TestEmulator.APP_SLUG, PROFILES, fields, content);
    }

    private static List<String> entries(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfRequest(List<JsonNode> requests, String method, String pathFragment) {
        for (int i = 0; i < requests.size(); i++) {
            JsonNode request = requests.get(i);
            if (request.path("method").asText().equals(method) && request.path("path").asText().contains(pathFragment)) {
                return i;
            }
        }
        return -1;
    }

    private void assertNoSecrets(ProductRun.Result result, String... passwords) {
        SyncChecks.assertNoSecrets(SyncChecks.scanner(emulator, passwords), Map.of(
                "stdout", result.stdout(), "stderr", result.stderr(),
                "report", SyncChecks.readOrEmpty(work.resolve("deploy/signing-sync-report.json"))));
    }

    private void assertNoKeystoreSecrets(ProductRun.Result result) {
        SyncChecks.assertNoSecrets(SyncChecks.scanner(emulator, STORE_PASSWORD, KEY_PASSWORD)
                .secret("keystore alias", ALIAS), Map.of("stdout", result.stdout(), "stderr", result.stderr(),
                "report", SyncChecks.readOrEmpty(work.resolve("deploy/signing-sync-report.json")),
                "envman", String.join("\n", result.envmanCalls())));
    }
}
