package io.signingsync.e2e;

import static io.signingsync.e2e.SyncChecks.CERTIFICATES;
import static io.signingsync.e2e.SyncChecks.PROFILES;
import static io.signingsync.e2e.SyncChecks.assertExactlyProcessed;
import static io.signingsync.e2e.SyncChecks.envmanValues;
import static io.signingsync.e2e.SyncChecks.header;
import static io.signingsync.e2e.SyncChecks.linesAt;
import static io.signingsync.e2e.SyncChecks.records;
import static io.signingsync.e2e.SyncChecks.requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input, end to end. Each test runs the built jar with one wrong or unusual input and checks
 * the exit code, that one message on stderr names the value and the fix, and that no secret is
 * printed. After a configuration error the emulator must have received no request. Unusual but
 * valid input (odd file names, passwords full of special characters) must sync exactly.
 */
@ExtendWith(EmulatorExtension.class)
class BadInputE2ETest {

    private static final String PROFILE = "Development.mobileprovision";
    private static final String CERTIFICATE = "Distribution.p12";
    private static final String FIXTURE_PASSWORD = "bad-input-pass-3a7d";
    /** Shell and JSON special characters and a space. */
    private static final String SPECIAL_PASSWORD = "p\"q'r\\s$HOME`id`;a|b{c} end";
    /** Non-ASCII letters among the special characters. */
    private static final String NON_ASCII_PASSWORD = "Grüße-Ωμέγα \"$x\\";

    @TempDir
    static Path fixtures;

    @TempDir
    Path work;

    private TestEmulator emulator;
    private Path folder;
    private final List<Path> lockedFolders = new ArrayList<>();

    @BeforeAll
    static void makeFixtures() throws IOException {
        SigningFixtures maker = new SigningFixtures(Files.createDirectories(fixtures.resolve("keys")));
        SigningFixtures.Identity identity = maker.identity("iPhone Distribution: E2E Bad Input");
        maker.profile(fixtures.resolve(PROFILE), "Development", identity);
        maker.p12(fixtures.resolve(CERTIFICATE), identity, FIXTURE_PASSWORD);
    }

    @BeforeEach
    void makeFolder(TestEmulator emulator) throws IOException {
        this.emulator = emulator;
        folder = Files.createDirectories(work.resolve("signing"));
        Files.copy(fixtures.resolve(PROFILE), folder.resolve(PROFILE));
    }

    /** Gives locked folders their permissions back, so that the temporary folder can be deleted. */
    @AfterEach
    void unlockFolders() throws IOException {
        for (Path locked : lockedFolders) {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    // ---- Token ----

    @Test
    void emptyTokenIsRejected() {
        ProductRun.Result result = bitriseRun().input("bitrise_api_token", "").run(SyncChecks.productJar());

        assertConfigurationError(result, "bitrise_api_token is missing", "personal access token");
    }

    @Test
    void missingTokenIsRejected() {
        ProductRun.Result result = bitriseRun().withoutEnv("bitrise_api_token").run(SyncChecks.productJar());

        assertConfigurationError(result, "bitrise_api_token is missing", "personal access token");
    }

    @Test
    void tokenWithSpacesIsRejected() {
        String token = "e2e-token part-two 9f8e";

        ProductRun.Result result = bitriseRun().input("bitrise_api_token", token).run(SyncChecks.productJar());

        assertConfigurationError(result, "bitrise_api_token contains whitespace", "exactly as Bitrise shows it");
        assertFalse(result.allOutput().contains("part-two"), "the token was printed: " + result);
    }

    @Test
    void unknownAppIsRejectedAfterOneRequest() {
        ProductRun.Result result = bitriseRun().input("app_slug", "no-such-app-42").run(SyncChecks.productJar());

        assertEquals(2, result.exitCode(), result::toString);
        List<String> errors = linesAt("ERROR", result.stderr());
        assertEquals(1, errors.size(), result::toString);
        assertTrue(errors.get(0).contains("no app 'no-such-app-42' (value from env app_slug)"), errors.get(0));
        assertTrue(errors.get(0).contains("Check app_slug"), errors.get(0));
        assertEquals(1, emulator.admin().requests("api").size(), "a 404 is not retried");
        assertEquals(List.of(), SyncChecks.writeRequests(emulator));
        assertNoSecrets(result);
    }

    @Test
    void wrongTokenIsRejectedAfterOneRequest() {
        String wrongToken = "wrong-token-7f3a9c1e";

        ProductRun.Result result = bitriseRun().input("bitrise_api_token", wrongToken).run(SyncChecks.productJar());

        assertEquals(2, result.exitCode(), result::toString);
        List<String> errors = linesAt("ERROR", result.stderr());
        assertEquals(1, errors.size(), result::toString);
        assertTrue(errors.get(0).contains("rejected bitrise_api_token (value from env bitrise_api_token) (401"),
                errors.get(0));
        assertTrue(errors.get(0).contains("create a new one"), errors.get(0));
        List<JsonNode> api = emulator.admin().requests("api");
        assertEquals(1, api.size(), "a 401 is not retried");
        assertEquals(wrongToken, header(api.get(0), "Authorization"));
        assertFalse(result.allOutput().contains(wrongToken), "the token was printed: " + result);
        assertNoSecrets(result);
    }

    // ---- Folder ----

    @Test
    void missingFolderIsRejected() {
        Path missing = work.resolve("no such folder");

        ProductRun.Result result = bitriseRun().input("signing_files_dir", missing.toString()).run(SyncChecks.productJar());

        assertConfigurationError(result, "signing_files_dir '" + missing + "' does not exist", "create it or fix the path");
    }

    @Test
    void unreadableFolderIsRejected() throws IOException {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("---------"));
        lockedFolders.add(folder);
        assumeFalse(Files.isReadable(folder), "this user (root?) reads the folder whatever its permissions");

        ProductRun.Result result = bitriseRun().run(SyncChecks.productJar());

        assertConfigurationError(result, "signing_files_dir '" + folder + "' cannot be read", "check its permissions");
    }

    @Test
    void emptyFolderSyncsNothing() throws IOException {
        Path empty = Files.createDirectories(work.resolve("empty"));

        ProductRun.Result result = bitriseRun().input("signing_files_dir", empty.toString()).run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(linesAt("INFO", result.stderr()).stream()
                        .anyMatch(line -> line.contains("No signing files in " + empty)
                                && line.contains("nothing to sync")),
                result::toString);
        assertEquals(List.of(), emulator.admin().requests(null));
        Map<String, String> exported = envmanValues(result);
        assertEquals("", exported.get("PROVISIONING_PROFILE_SLUGS"));
        assertEquals("", exported.get("BUILD_CERTIFICATE_SLUGS"));
        assertTrue(Files.isRegularFile(Path.of(exported.get("SIGNING_SYNC_REPORT_PATH"))), result::toString);
    }

    @Test
    void fileInsteadOfFolderIsRejected() {
        Path file = folder.resolve(PROFILE);

        ProductRun.Result result = bitriseRun().input("signing_files_dir", file.toString()).run(SyncChecks.productJar());

        assertConfigurationError(result, "signing_files_dir '" + file + "' is a file, not a folder",
                "set it to the folder that holds the file");
    }

    // ---- Files in the folder ----

    @Test
    void emptyCertificateIsRejected() throws IOException {
        Files.createFile(folder.resolve("Empty.p12"));

        ProductRun.Result result = bitriseRun().run(SyncChecks.productJar());

        assertConfigurationError(result, "'Empty.p12' is empty (0 bytes)", "replace it with the real build certificate");
    }

    @Test
    void symlinkOutOfFolderIsRejected() throws IOException {
        Path outside = Files.copy(fixtures.resolve(CERTIFICATE), work.resolve(CERTIFICATE));
        Files.createSymbolicLink(folder.resolve("Linked.p12"), outside);

        ProductRun.Result result = bitriseRun().run(SyncChecks.productJar());

        assertConfigurationError(result, "'Linked.p12' is a symbolic link that leads out of signing_files_dir",
                "copy the file into the folder instead");
    }

    @Test
    void symlinkInsideFolderIsUploaded() throws IOException {
        Path archive = Files.createDirectories(folder.resolve("archive"));
        Path target = Files.copy(fixtures.resolve(CERTIFICATE), archive.resolve(CERTIFICATE));
        Files.createSymbolicLink(folder.resolve("Current.p12"), Path.of("archive", CERTIFICATE));

        ProductRun.Result result = bitriseRun().input("certificate_password", FIXTURE_PASSWORD).run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        assertExactlyProcessed(emulator, CERTIFICATES, List.of(CERTIFICATE, "Current.p12"));
        byte[] expected = Files.readAllBytes(target);
        for (JsonNode put : requests(emulator, "s3", "PUT", "\\.p12$")) {
            assertEquals(expected.length, put.path("bodyLength").asLong(), put::toString);
        }
        for (JsonNode record : records(emulator, CERTIFICATES)) {
            assertEquals(expected.length, record.path("s3_size").asLong(), record::toString);
        }
        assertNoSecrets(result, FIXTURE_PASSWORD);
    }

    // ---- File names ----

    /**
     * Names with URL and shell specials and with non-ASCII letters: the NFD one is written to disk
     * decomposed, as macOS makes it, and must reach Bitrise composed.
     */
    @Test
    void unusualFileNamesUploadAsNfc() throws IOException {
        String special = "Team [beta] #2 + 100% ok.mobileprovision";
        String composed = nfc("Café Ünïcode.mobileprovision");
        String decomposedOnDisk = nfd("Zoë Ångström.mobileprovision");
        for (String name : List.of(special, composed, decomposedOnDisk)) {
            Files.copy(fixtures.resolve(PROFILE), folder.resolve(name));
        }
        assertTrue(Files.exists(folder.resolve(decomposedOnDisk)));
        assertFalse(Files.exists(folder.resolve(nfc(decomposedOnDisk))), "the file system composed the name itself");
        List<String> expectedRemote = List.of(PROFILE, special, composed, nfc(decomposedOnDisk));

        ProductRun.Result result = bitriseRun().run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        assertExactlyProcessed(emulator, PROFILES, expectedRemote);
        List<JsonNode> creates = requests(emulator, "api", "POST", "/provisioning-profiles$");
        assertEquals(expectedRemote.size(), creates.size(), creates::toString);
        for (JsonNode create : creates) {
            String body = create.path("body").asText();
            assertEquals(body.getBytes(StandardCharsets.UTF_8).length, create.path("bodyLength").asInt(),
                    "the body is valid UTF-8: " + body);
            assertTrue(header(create, "Content-Type").toLowerCase().contains("utf-8"), create::toString);
            String name = SyncChecks.createdName(create);
            assertEquals(nfc(name), name, "a name was sent decomposed");
            assertTrue(body.contains(name), "the name is sent as UTF-8 text, not as a JSON escape: " + body);
        }
        List<String> exported = List.of(envmanValues(result).get("PROVISIONING_PROFILE_SLUGS").split("\\|"));
        assertEquals(expectedRemote.size(), exported.size(), result::toString);
        assertNoSecrets(result);
    }

    @Test
    void composedAndDecomposedNamesClash() throws IOException {
        String composed = nfc("Café.mobileprovision");
        String decomposed = nfd("Café.mobileprovision");
        assertNotEquals(composed, decomposed);
        Files.copy(fixtures.resolve(PROFILE), folder.resolve(composed));
        Files.copy(fixtures.resolve(PROFILE), Files.createDirectories(folder.resolve("mac")).resolve(decomposed));

        ProductRun.Result result = bitriseRun().run(SyncChecks.productJar());

        assertConfigurationError(result, "would both be uploaded as '" + composed + "'", "rename or remove all but one");
        String clash = linesAt("ERROR", result.stderr()).get(0);
        assertTrue(clash.contains("'" + composed + "'"), clash);
        assertTrue(clash.contains("'mac/" + decomposed + "'"), clash);
    }

    // ---- Certificate passwords ----

    /**
     * The password reaches the emulator exactly, whichever way it is given, and never appears in
     * any output. A trailing line break is dropped: with a WARN from the environment, silently
     * from a file, whose last line break is normal.
     */
    @ParameterizedTest(name = "{0}, trailing line break: {1}")
    @CsvSource({
        "bitrise, false", "bitrise, true",
        "github, false", "github, true",
        "file, false", "file, true"})
    void specialPasswordIsStoredExactly(String style, boolean trailingLineBreak) throws IOException {
        assertPasswordStoredExactly(SPECIAL_PASSWORD, style, trailingLineBreak);
    }

    /**
     * Uses a .p12 exported by OpenSSL 3 with its defaults (AES-256, PBKDF2, SHA-256 MAC), as Linux
     * CI machines make it.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bitrise", "github", "file"})
    void nonAsciiPasswordIsStoredExactly(String style) throws IOException {
        assertPasswordStoredExactly(NON_ASCII_PASSWORD, style, false);
    }

    private void assertPasswordStoredExactly(String password, String style, boolean trailingLineBreak)
            throws IOException {
        SigningFixtures maker = new SigningFixtures(Files.createDirectories(work.resolve("keys")));
        SigningFixtures.Identity identity = maker.identity("iPhone Distribution: E2E Password");
        maker.p12(folder.resolve(CERTIFICATE), identity, password);
        String passwordInput = password + (trailingLineBreak ? "\n" : "");

        Map<String, String> outputs;
        int exitCode;
        String stderr;
        if (style.equals("file")) {
            Path passwordFile = Files.writeString(work.resolve("password.txt"), passwordInput, StandardCharsets.UTF_8);
            ProductProcess.Result result = ProductProcess.in(work)
                    .env("bitrise_api_token", TestEmulator.TOKEN)
                    .env("app_slug", TestEmulator.APP_SLUG)
                    .env("api_base_url", emulator.apiUri().toString())
                    .env("signing_files_dir", folder.toString())
                    .argument("--certificate-password-file").argument(passwordFile.toString())
                    .argument("--output-file").argument(work.resolve("outputs.env").toString())
                    .argument("--report-file").argument(work.resolve("report.json").toString())
                    .run();
            exitCode = result.exitCode();
            stderr = result.stderr();
            outputs = Map.of("stdout", result.stdout(), "stderr", result.stderr(),
                    "outputs", SyncChecks.readOrEmpty(work.resolve("outputs.env")),
                    "report", SyncChecks.readOrEmpty(work.resolve("report.json")));
        } else {
            ProductRun run = style.equals("github")
                    ? ProductRun.github(work).against(emulator).env("GITHUB_WORKSPACE", work.resolve("runner").toString())
                    : bitriseRun();
            ProductRun.Result result = run.input("signing_files_dir", folder.toString())
                    .input("certificate_password", passwordInput)
                    .run(SyncChecks.productJar());
            exitCode = result.exitCode();
            stderr = result.stderr();
            outputs = Map.of("stdout", withoutMaskCommands(result.stdout()), "stderr", result.stderr(),
                    "envman", String.join("\n", result.envmanCalls()),
                    "github outputs", result.githubOutputs().toString(),
                    "step summary", result.githubStepSummary(),
                    "report", SyncChecks.readOrEmpty(style.equals("github")
                            ? work.resolve("runner/signing-sync-report.json")
                            : work.resolve("deploy/signing-sync-report.json")));
            if (style.equals("github")) {
                assertTrue(result.stdout().startsWith("::add-mask::" + TestEmulator.TOKEN + "\n"), result::toString);
            }
        }

        assertEquals(0, exitCode, stderr);
        assertExactlyProcessed(emulator, CERTIFICATES, List.of(CERTIFICATE));
        JsonNode certificate = records(emulator, CERTIFICATES).get(0);
        assertEquals(password, certificate.path("certificate_password").asText());
        // NOTE: the emulator reads the .p12 with the JDK's PKCS12 KeyStore, which cannot open one whose
        // password has non-ASCII letters ("Password is not ASCII" in JDK 17), so only ASCII passwords get this check.
        if (password.chars().allMatch(c -> c < 128)) {
            assertTrue(certificate.path("certificates").size() > 0,
                    "the stored password does not open the .p12: " + certificate.path("certificates"));
        }
        boolean warned = linesAt("WARN", stderr).stream()
                .anyMatch(line -> line.contains("certificate_password ends with a line break"));
        assertEquals(trailingLineBreak && !style.equals("file"), warned, stderr);
        SyncChecks.assertNoSecrets(SyncChecks.scanner(emulator, password), outputs);
        String distinctivePart = password.substring(0, 8);
        for (Map.Entry<String, String> output : outputs.entrySet()) {
            assertFalse(output.getValue().contains(distinctivePart), "part of the password is in " + output.getKey());
        }
    }

    // ---- api_base_url ----

    @Test
    void apiBaseUrlTrailingSlashWorks() {
        ProductRun.Result result = bitriseRun().input("api_base_url", emulator.apiUri() + "/").run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        assertExactlyProcessed(emulator, PROFILES, List.of(PROFILE));
        for (JsonNode request : emulator.admin().requests("api")) {
            assertTrue(request.path("path").asText().startsWith("/v0.1/apps/" + TestEmulator.APP_SLUG + "/"),
                    request::toString);
        }
    }

    @Test
    void apiBaseUrlWithoutVersionIsRejected() {
        String root = "http://127.0.0.1:" + emulator.apiUri().getPort();

        ProductRun.Result result = bitriseRun().input("api_base_url", root).run(SyncChecks.productJar());

        assertConfigurationError(result, "api_base_url '" + root + "' does not end with /v0.1", "append /v0.1");
    }

    /** An .invalid name never resolves; the product must reject plain http to it before any lookup or request. */
    @Test
    void plainHttpToRemoteHostIsRejected() {
        String remote = "http://api.example.invalid/v0.1";

        ProductRun.Result result = bitriseRun().input("api_base_url", remote).run(SyncChecks.productJar());

        assertConfigurationError(result, "api_base_url '" + remote + "' uses http", "use https");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"e2e-user:cred-4c1d7e@", "cred-4c1d7e@"})
    void apiBaseUrlWithCredentialsIsRejected(String userInfo) {
        String url = "http://" + userInfo + "127.0.0.1:" + emulator.apiUri().getPort() + "/v0.1";

        ProductRun.Result result = bitriseRun().input("api_base_url", url).run(SyncChecks.productJar());

        assertConfigurationError(result, "api_base_url must not contain credentials", "the token is sent in a header");
        assertFalse(result.allOutput().contains("cred-4c1d7e"), "the credentials were printed: " + result);
    }

    // ---- Secrets on the command line ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"joined", "separate"})
    void plainTokenFlagIsRejected(String form) {
        String token = "flag-token-8d2e55";
        ProductProcess run = ProductProcess.in(work)
                .env("app_slug", TestEmulator.APP_SLUG)
                .env("api_base_url", emulator.apiUri().toString())
                .env("signing_files_dir", folder.toString());
        if (form.equals("joined")) {
            run.argument("--bitrise-api-token=" + token);
        } else {
            run.argument("--bitrise-api-token").argument(token);
        }

        ProductProcess.Result result = run.run();

        assertEquals(2, result.exitCode(), result::toString);
        List<String> errors = linesAt("ERROR", result.stderr());
        assertEquals(1, errors.size(), result::toString);
        assertTrue(errors.get(0).contains("unknown flag --bitrise-api-token"), errors.get(0));
        assertTrue(errors.get(0).contains("--bitrise-api-token-file"), errors.get(0));
        assertFalse(result.allOutput().contains(token), "the token was printed: " + result);
        assertEquals(List.of(), emulator.admin().requests(null));
    }

    // ---- Helpers ----

    private ProductRun bitriseRun() {
        return ProductRun.bitrise(work).against(emulator)
                .input("signing_files_dir", folder.toString())
                .env("BITRISE_DEPLOY_DIR", work.resolve("deploy").toString());
    }

    /**
     * Asserts exit code 2, one ERROR line that contains both the problem and the fix, and that
     * the emulator received no request at all.
     */
    private void assertConfigurationError(ProductRun.Result result, String problem, String fix) {
        assertEquals(2, result.exitCode(), result::toString);
        List<String> errors = linesAt("ERROR", result.stderr());
        assertEquals(1, errors.size(), result::toString);
        assertTrue(errors.get(0).contains(problem), () -> "expected '" + problem + "' in: " + errors.get(0));
        assertTrue(errors.get(0).contains(fix), () -> "expected '" + fix + "' in: " + errors.get(0));
        assertEquals(List.of(), emulator.admin().requests(null), "a request was sent before the error");
        assertEquals(List.of(), result.envmanCalls(), "outputs were exported despite the error");
        assertNoSecrets(result);
    }

    private void assertNoSecrets(ProductRun.Result result, String... passwords) {
        SyncChecks.assertNoSecrets(SyncChecks.scanner(emulator, passwords), Map.of(
                "stdout", withoutMaskCommands(result.stdout()),
                "stderr", result.stderr(),
                "envman", String.join("\n", result.envmanCalls()),
                "report", SyncChecks.readOrEmpty(work.resolve("deploy/signing-sync-report.json"))));
    }

    /** Drops GitHub's ::add-mask:: lines, which must name the secrets they mask. */
    private static String withoutMaskCommands(String stdout) {
        return String.join("\n", stdout.lines().filter(line -> !line.startsWith("::add-mask::")).toList());
    }

    private static String nfc(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    private static String nfd(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD);
    }
}
