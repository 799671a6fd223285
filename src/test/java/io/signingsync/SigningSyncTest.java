package io.signingsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.signingsync.api.ApiException;
import io.signingsync.api.BitriseApi;
import io.signingsync.api.PendingUpload;
import io.signingsync.api.PresignedUrl;
import io.signingsync.api.RemoteFile;
import io.signingsync.config.Secret;
import io.signingsync.logging.Redactor;
import io.signingsync.scan.FileKind;
import io.signingsync.testing.SigningFiles;
import io.signingsync.testing.SigningFiles.Identity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningSyncTest {

    private static final String TOKEN = "tok-run-4b7d-distinctive";
    private static final String PASSWORD = "pw-run-8e21-distinctive";
    private static final String APP = "app-xyz";
    private static final Identity IDENTITY = SigningFiles.identity("Apple Distribution: Example Ltd (ABCDE12345)",
            "ABCDE12345", Instant.now());

    @TempDir
    Path temp;

    private Path workingDirectory;
    private Path signingDir;
    private final BitriseApi api = mock(BitriseApi.class);
    private final AtomicInteger factoryCalls = new AtomicInteger();
    private final ByteArrayOutputStream stdoutBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderrBytes = new ByteArrayOutputStream();

    @BeforeEach
    void createFolders() throws IOException {
        workingDirectory = Files.createDirectories(temp.resolve("work"));
        signingDir = Files.createDirectories(temp.resolve("signing"));
    }

    private Map<String, String> validEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("bitrise_api_token", TOKEN);
        environment.put("app_slug", APP);
        environment.put("signing_files_dir", signingDir.toString());
        return environment;
    }

    /** Builds a run whose API is the mock {@code api} and whose secrets go to {@code redactor}. */
    private SigningSync syncWithRedactor(Map<String, String> environment, Redactor redactor) {
        return new SigningSync(environment, workingDirectory,
                new PrintStream(stdoutBytes, true, StandardCharsets.UTF_8),
                new PrintStream(stderrBytes, true, StandardCharsets.UTF_8), redactor, config -> api);
    }

    /** Builds a run whose API is the mock {@code api}. */
    private SigningSync syncWithMock(Map<String, String> environment) {
        return new SigningSync(environment, workingDirectory,
                new PrintStream(stdoutBytes, true, StandardCharsets.UTF_8),
                new PrintStream(stderrBytes, true, StandardCharsets.UTF_8), new Redactor(), config -> {
                    factoryCalls.incrementAndGet();
                    return api;
                });
    }

    private int run(Map<String, String> environment, String... args) {
        return syncWithMock(environment).run(args);
    }

    /**
     * Runs with System.err captured. SLF4J Simple 2.0, with its log file set to "System.err",
     * reads System.err again for every log line, so the log of this run lands in the buffer.
     */
    private static RunResult runCapturingLog(SigningSync sync, String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            int exitCode = sync.run(args);
            return new RunResult(exitCode, log.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    private record RunResult(int exitCode, String log) {
    }

    private String stdout() {
        return stdoutBytes.toString(StandardCharsets.UTF_8);
    }

    /** Writes a real .p12 of {@link #IDENTITY} that opens with {@code password}. */
    private Path writeCertificate(String name, String password) {
        return SigningFiles.write(signingDir, name, SigningFiles.p12(IDENTITY, password));
    }

    /** Writes a real profile that allows {@link #IDENTITY} to sign. */
    private Path writeProfile(String name) {
        SigningFiles.Profile profile = SigningFiles.Profile.of("Example App Store",
                Instant.now().plus(Duration.ofDays(200)), IDENTITY);
        return SigningFiles.write(signingDir, name, profile.encoded());
    }

    private static RemoteFile processed(FileKind kind, String slug, String name, long size) {
        return new RemoteFile(kind, slug, name, size, true, true, false, Secret.empty(), null);
    }

    private static PendingUpload pending(FileKind kind, String slug, String name, long size) {
        return new PendingUpload(new RemoteFile(kind, slug, name, size, false, true, false, null, null),
                new PresignedUrl("http://127.0.0.1:9/unused/" + slug + "?X-Amz-Signature=abc"));
    }

    @Test
    void badConfigurationExitsTwoWithoutApi() {
        Map<String, String> environment = validEnvironment();
        environment.remove("bitrise_api_token");
        Path outputFile = temp.resolve("outputs.env");

        int exitCode = run(environment, "--output-file", outputFile.toString());

        assertEquals(ExitCode.BAD_CONFIGURATION, exitCode);
        assertEquals(0, factoryCalls.get());
        verifyNoInteractions(api);
        assertFalse(Files.exists(outputFile));
    }

    @Test
    void badConfigurationStillMasksSecrets() {
        Map<String, String> environment = validEnvironment();
        environment.put("certificate_password", "SECRETPW7");
        environment.put("certificate_passwords", "Other.p12=ENTRYPW8");
        environment.put("parallel_uploads", "SECRETPW7");
        environment.put("GITHUB_ACTIONS", "true");
        Redactor redactor = new Redactor();
        SigningSync sync = syncWithRedactor(environment, redactor);

        RunResult result = runCapturingLog(sync);

        assertEquals(ExitCode.BAD_CONFIGURATION, result.exitCode());
        assertTrue(result.log().contains("parallel_uploads"), result.log());
        assertFalse(redactor.redact(result.log()).contains("SECRETPW7"), result.log());
        assertTrue(stdout().contains("::add-mask::SECRETPW7\n"), stdout());
        assertTrue(stdout().contains("::add-mask::ENTRYPW8\n"), stdout());
        assertTrue(stdout().contains("::add-mask::" + TOKEN + "\n"), stdout());
        assertTrue(stdout().contains("::error title=signing-sync%3A invalid configuration::parallel_uploads"),
                stdout());
    }

    @Test
    void argumentErrorStillMasksSecrets() {
        Map<String, String> environment = validEnvironment();
        environment.put("certificate_password", "s3cretpass99");
        environment.put("GITHUB_ACTIONS", "true");
        Redactor redactor = new Redactor();
        SigningSync sync = syncWithRedactor(environment, redactor);

        RunResult result = runCapturingLog(sync, "s3cretpass99");

        assertEquals(ExitCode.BAD_CONFIGURATION, result.exitCode());
        assertTrue(result.log().contains("unexpected argument"), result.log());
        assertFalse(redactor.redact(result.log()).contains("s3cretpass99"), result.log());
        assertTrue(stdout().startsWith("::add-mask::"), stdout());
    }

    @Test
    void listFailureEndsWaitAtOnce() {
        Map<FileKind, CompletableFuture<List<RemoteFile>>> pending = new EnumMap<>(FileKind.class);
        pending.put(FileKind.PROVISIONING_PROFILE, new CompletableFuture<>());
        pending.put(FileKind.BUILD_CERTIFICATE, CompletableFuture.failedFuture(
                new ApiException("GET", "/v0.1/apps/app/build-certificates", 404, "Not Found")));

        ApiException error = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(ApiException.class, () -> SigningSync.awaitListing(pending)));

        assertEquals(404, error.status());
    }

    @Test
    void unknownFlagExitsTwo() {
        int exitCode = run(validEnvironment(), "--no-such-flag");

        assertEquals(ExitCode.BAD_CONFIGURATION, exitCode);
        assertEquals(0, factoryCalls.get());
    }

    @Test
    void duplicateFilesExitTwoWithoutApi() throws IOException {
        Files.createDirectories(signingDir.resolve("a"));
        Files.createDirectories(signingDir.resolve("b"));
        Files.writeString(signingDir.resolve("a/Dist.p12"), "one");
        Files.writeString(signingDir.resolve("b/Dist.p12"), "two");

        int exitCode = run(validEnvironment());

        assertEquals(ExitCode.BAD_CONFIGURATION, exitCode);
        assertEquals(0, factoryCalls.get());
        verifyNoInteractions(api);
    }

    @Test
    void emptyFolderExportsEmptyOutputs() throws IOException {
        Path outputFile = temp.resolve("outputs.env");

        int exitCode = run(validEnvironment(), "--output-file", outputFile.toString());

        assertEquals(ExitCode.OK, exitCode);
        verifyNoInteractions(api);
        List<String> lines = Files.readAllLines(outputFile);
        assertTrue(lines.contains("PROVISIONING_PROFILE_SLUGS="), lines::toString);
        assertTrue(lines.contains("BUILD_CERTIFICATE_SLUGS="), lines::toString);
        assertTrue(lines.contains("GENERIC_PROJECT_FILE_SLUGS="), lines::toString);
        assertTrue(lines.contains("SIGNING_SYNC_REPORT_PATH=" + workingDirectory.resolve("signing-sync-report.json")),
                lines::toString);
        assertTrue(lines.stream().noneMatch(line -> line.startsWith("BUILD_CERTIFICATE_PASSWORDS")), lines::toString);
        assertTrue(Files.exists(workingDirectory.resolve("signing-sync-report.json")));
    }

    @Test
    void emptyFolderPrintsOutputsToStdout() {
        int exitCode = run(validEnvironment());

        assertEquals(ExitCode.OK, exitCode);
        assertTrue(stdout().startsWith("PROVISIONING_PROFILE_SLUGS=\nBUILD_CERTIFICATE_SLUGS=\n"), stdout());
    }

    @Test
    void unauthorizedListExitsTwo() throws IOException {
        writeCertificate("Dist.p12", "");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("{\"message\":\"token " + exchange.getRequestHeaders().getFirst("Authorization")
                    + " is not valid\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Map<String, String> environment = validEnvironment();
        environment.put("api_base_url", "http://127.0.0.1:" + server.getAddress().getPort() + "/v0.1");
        SigningSync sync = new SigningSync(environment, workingDirectory,
                new PrintStream(stdoutBytes, true, StandardCharsets.UTF_8),
                new PrintStream(stderrBytes, true, StandardCharsets.UTF_8), new Redactor());

        RunResult result;
        try {
            result = runCapturingLog(sync);
        } finally {
            server.stop(0);
        }

        assertEquals(ExitCode.BAD_CONFIGURATION, result.exitCode());
        assertTrue(result.log().contains("rejected bitrise_api_token (value from env bitrise_api_token) (401"),
                result.log());
        assertFalse(result.log().contains(TOKEN), result.log());
        assertFalse(stdout().contains(TOKEN), stdout());
    }

    @Test
    void notFoundListNamesAppSlug() throws IOException {
        writeCertificate("Dist.p12", "");
        when(api.list(FileKind.BUILD_CERTIFICATE))
                .thenThrow(new ApiException("GET", "/v0.1/apps/app-xyz/build-certificates", 404, "Not Found"));

        RunResult result = runCapturingLog(syncWithMock(validEnvironment()));

        assertEquals(ExitCode.BAD_CONFIGURATION, result.exitCode());
        assertTrue(result.log().contains("no app '" + APP + "'"), result.log());
        verify(api).list(FileKind.BUILD_CERTIFICATE);
        verifyNoMoreInteractions(api);
    }

    @Test
    void serverErrorOnListExitsOne() throws IOException {
        writeCertificate("Dist.p12", "");
        when(api.list(FileKind.BUILD_CERTIFICATE))
                .thenThrow(new ApiException("GET", "/v0.1/apps/app-xyz/build-certificates", 500, "boom"));

        int exitCode = run(validEnvironment());

        assertEquals(ExitCode.SYNC_FAILED, exitCode);
        verify(api).list(FileKind.BUILD_CERTIFICATE);
        verifyNoMoreInteractions(api);
    }

    @Test
    void failedFileExitsOneExportsOthers() throws IOException {
        Path certificate = writeCertificate("A.p12", "");
        long profileSize = Files.size(writeProfile("B.mobileprovision"));
        when(api.list(any())).thenReturn(List.of());
        when(api.create(FileKind.BUILD_CERTIFICATE, "A.p12", Files.size(certificate)))
                .thenThrow(new ApiException("POST", "/x", 500, "boom"));
        when(api.create(FileKind.PROVISIONING_PROFILE, "B.mobileprovision", profileSize))
                .thenReturn(pending(FileKind.PROVISIONING_PROFILE, "slug-b", "B.mobileprovision", profileSize));
        when(api.confirm(FileKind.PROVISIONING_PROFILE, "slug-b"))
                .thenReturn(processed(FileKind.PROVISIONING_PROFILE, "slug-b", "B.mobileprovision", profileSize));
        Path outputFile = temp.resolve("outputs.env");

        int exitCode = run(validEnvironment(), "--output-file", outputFile.toString());

        assertEquals(ExitCode.SYNC_FAILED, exitCode);
        List<String> lines = Files.readAllLines(outputFile);
        assertEquals("PROVISIONING_PROFILE_SLUGS=slug-b", lines.get(0));
        assertEquals("BUILD_CERTIFICATE_SLUGS=", lines.get(1));
    }

    @Test
    void failedFileRecordedInReport() throws IOException {
        writeCertificate("A.p12", "");
        when(api.list(any())).thenReturn(List.of());
        when(api.create(eq(FileKind.BUILD_CERTIFICATE), eq("A.p12"), anyLong()))
                .thenThrow(new ApiException("POST", "/x", 500, "boom"));
        Path reportFile = temp.resolve("reports/report.json");

        int exitCode = run(validEnvironment(), "--report-file", reportFile.toString());

        JsonNode report = new ObjectMapper().readTree(reportFile.toFile());
        assertEquals(ExitCode.SYNC_FAILED, exitCode);
        assertEquals("failed", report.path("result").asText());
        assertEquals("POST /x answered 500: boom", report.path("files").path(0).path("error").asText());
    }

    @Test
    void syncedFileExitsZeroWithSlug() throws IOException {
        long size = Files.size(writeCertificate("A.p12", ""));
        when(api.list(FileKind.BUILD_CERTIFICATE))
                .thenReturn(List.of(processed(FileKind.BUILD_CERTIFICATE, "slug-a", "A.p12", size)));
        Path outputFile = temp.resolve("outputs.env");

        int exitCode = run(validEnvironment(), "--output-file", outputFile.toString());

        assertEquals(ExitCode.OK, exitCode);
        verify(api).list(FileKind.BUILD_CERTIFICATE);
        verifyNoMoreInteractions(api);
        assertEquals("BUILD_CERTIFICATE_SLUGS=slug-a", Files.readAllLines(outputFile).get(1));
    }

    @Test
    void dryRunOnlyLists() throws IOException {
        writeCertificate("A.p12", "");
        writeProfile("B.mobileprovision");
        when(api.list(any())).thenReturn(List.of());
        Path outputFile = temp.resolve("outputs.env");

        int exitCode = run(validEnvironment(), "--dry-run", "--output-file", outputFile.toString());

        assertEquals(ExitCode.OK, exitCode);
        verify(api).list(FileKind.BUILD_CERTIFICATE);
        verify(api).list(FileKind.PROVISIONING_PROFILE);
        verifyNoMoreInteractions(api);
        assertFalse(Files.exists(outputFile));
    }

    @Test
    void rejectedFileExitsOneWithoutUpload() throws IOException {
        Files.writeString(signingDir.resolve("A.p12"), "certificate");
        when(api.list(any())).thenReturn(List.of());
        Path reportFile = temp.resolve("report.json");

        int exitCode = run(validEnvironment(), "--report-file", reportFile.toString());

        JsonNode entry = new ObjectMapper().readTree(reportFile.toFile()).path("files").path(0);
        assertEquals(ExitCode.SYNC_FAILED, exitCode);
        verify(api).list(FileKind.BUILD_CERTIFICATE);
        verifyNoMoreInteractions(api);
        assertEquals("rejected", entry.path("outcome").asText());
        assertTrue(entry.path("error").asText().contains("not a PKCS12 file"), entry.toString());
    }

    @Test
    void perFilePasswordOpensCertificate() throws IOException {
        long size = Files.size(writeCertificate("A.p12", PASSWORD));
        when(api.list(FileKind.BUILD_CERTIFICATE))
                .thenReturn(List.of(processed(FileKind.BUILD_CERTIFICATE, "slug-a", "A.p12", size)));
        Map<String, String> environment = validEnvironment();
        environment.put("certificate_password", "not-the-password");
        environment.put("certificate_passwords", "A.p12=" + PASSWORD + "\n");
        Path reportFile = temp.resolve("report.json");

        int exitCode = run(environment, "--report-file", reportFile.toString());

        JsonNode entry = new ObjectMapper().readTree(reportFile.toFile()).path("files").path(0);
        assertEquals(ExitCode.OK, exitCode);
        assertEquals("already_on_bitrise", entry.path("outcome").asText());
        assertFalse(Files.readString(reportFile).contains(PASSWORD));
    }

    @Test
    void githubMasksTokenFirst() throws IOException {
        writeCertificate("A.p12", PASSWORD);
        when(api.list(any())).thenReturn(List.of());
        when(api.create(any(), any(), anyLong())).thenThrow(new ApiException("POST", "/x", 500, "boom"));
        Path githubOutput = temp.resolve("github_output");
        Map<String, String> environment = validEnvironment();
        environment.remove("bitrise_api_token");
        environment.put("INPUT_BITRISE-API-TOKEN", TOKEN);
        environment.put("INPUT_CERTIFICATE-PASSWORD", PASSWORD);
        environment.put("GITHUB_ACTIONS", "true");
        environment.put("GITHUB_OUTPUT", githubOutput.toString());
        environment.put("RUNNER_TEMP", temp.toString());

        int exitCode = run(environment);

        List<String> lines = stdout().lines().toList();
        assertEquals(ExitCode.SYNC_FAILED, exitCode);
        assertEquals("::add-mask::" + TOKEN, lines.get(0));
        assertEquals("::add-mask::" + PASSWORD, lines.get(1));
        assertTrue(lines.get(2).startsWith("::error "), lines.toString());
    }

    @Test
    void githubOutputsWrittenToFile() throws IOException {
        Path githubOutput = temp.resolve("github_output");
        Map<String, String> environment = validEnvironment();
        environment.put("GITHUB_ACTIONS", "true");
        environment.put("GITHUB_OUTPUT", githubOutput.toString());
        environment.put("GITHUB_WORKSPACE", temp.toString());

        int exitCode = run(environment);

        assertEquals(ExitCode.OK, exitCode);
        List<String> lines = Files.readAllLines(githubOutput);
        assertTrue(lines.contains("provisioning-profile-slugs="), lines::toString);
        assertTrue(lines.contains("build-certificate-slugs="), lines::toString);
        assertTrue(Files.exists(temp.resolve("signing-sync-report.json")));
        assertTrue(lines.contains("report-path=signing-sync-report.json"), "relative to the workspace: " + lines);
        assertEquals("::add-mask::" + TOKEN + "\n", stdout().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void helpPrintsUsage() {
        int exitCode = run(Map.of(), "--help");

        assertEquals(ExitCode.OK, exitCode);
        assertTrue(stdout().contains("--bitrise-api-token-file <file>"), stdout());
        assertEquals(0, factoryCalls.get());
    }
}
