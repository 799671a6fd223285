package io.signingsync.e2e;

import static io.signingsync.e2e.SyncChecks.CERTIFICATES;
import static io.signingsync.e2e.SyncChecks.PROFILES;
import static io.signingsync.e2e.SyncChecks.assertExactlyProcessed;
import static io.signingsync.e2e.SyncChecks.envmanValues;
import static io.signingsync.e2e.SyncChecks.faultFired;
import static io.signingsync.e2e.SyncChecks.header;
import static io.signingsync.e2e.SyncChecks.linesAt;
import static io.signingsync.e2e.SyncChecks.records;
import static io.signingsync.e2e.SyncChecks.requests;
import static io.signingsync.e2e.SyncChecks.slugOf;
import static io.signingsync.e2e.SyncChecks.writeRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults of the API and of S3, end to end. Each test injects a fault into the emulator and runs the
 * built jar. It then checks the exit code, the records left behind (no orphan, no duplicate, right
 * flags), the requests sent and that no secret was printed. Last, a second run without the fault
 * must converge with only the writes still needed.
 *
 * <p>Retries are made fast with {@code -Dsigningsync.retryBaseDelay=PT0.05S} and timeouts short
 * with {@code -Dsigningsync.requestTimeout=PT2S}. Fault counts come from the emulator's counters,
 * because the JDK HttpClient repeats a GET once by itself after a dropped connection.
 */
@ExtendWith(EmulatorExtension.class)
class FaultsE2ETest {

    private static final String PASSWORD = "fault-test-pass-9c2e";
    private static final String PROFILE_A = "App Store – Café.mobileprovision";
    private static final String PROFILE_B = "Development.mobileprovision";
    private static final String CERTIFICATE = "Distribution.p12";
    private static final List<String> ALL_PROFILES = List.of(PROFILE_A, PROFILE_B);
    private static final List<String> ALL_CERTIFICATES = List.of(CERTIFICATE);

    private static final String PROFILE_LIST = "/provisioning-profiles$";
    private static final String CERTIFICATE_LIST = "/build-certificates$";
    private static final String CERTIFICATE_CONFIRM = "/build-certificates/[^/]+/uploaded$";
    private static final String CERTIFICATE_ITEM = "/build-certificates/[^/]+$";
    private static final String CERTIFICATE_OBJECT = "/Distribution\\.p12$";

    /** A retry WARN line of the product: "... attempt 1 of 5, ... retrying in 0.1 s". */
    private static final Pattern RETRY_LINE = Pattern.compile("attempt (\\d+) of 5, .*retrying in (\\d+\\.\\d) s");
    /** An HTTP date as servers send it (RFC 9110 IMF-fixdate). */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final String S3_INTERNAL_ERROR = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError"
            + "</Code><Message>We encountered an internal error. Please try again.</Message></Error>";
    private static final String S3_EXPIRED = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
            + "<Message>Request has expired</Message><X-Amz-Expires>600</X-Amz-Expires></Error>";

    @TempDir
    static Path fixtures;

    @TempDir
    Path work;

    private TestEmulator emulator;
    private Path folder;

    /** Makes the signing files once for all tests, because openssl takes a while per file. Each test copies them. */
    @BeforeAll
    static void makeFixtures() throws IOException {
        SigningFixtures maker = new SigningFixtures(Files.createDirectories(fixtures.resolve("keys")));
        SigningFixtures.Identity identity = maker.identity("iPhone Distribution: E2E Faults");
        maker.profile(fixtures.resolve(PROFILE_A), "App Store Café", identity);
        maker.profile(fixtures.resolve(PROFILE_B), "Development", identity);
        maker.p12(fixtures.resolve(CERTIFICATE), identity, PASSWORD);
    }

    @BeforeEach
    void copyFixtures(TestEmulator emulator) throws IOException {
        this.emulator = emulator;
        folder = Files.createDirectories(work.resolve("signing files"));
        Files.copy(fixtures.resolve(PROFILE_A), folder.resolve(PROFILE_A));
        Files.copy(fixtures.resolve(PROFILE_B), Files.createDirectories(folder.resolve("dev")).resolve(PROFILE_B));
        Files.copy(fixtures.resolve(CERTIFICATE), folder.resolve(CERTIFICATE));
    }

    // ---- Rate limiting (429 with Retry-After) ----

    /**
     * Sends the 429 to the first list or create of the run, so that an HTTP date 4 to 5 s ahead
     * still lies in the future when the product reads it. On a machine too slow for that, the date
     * case is inconclusive and reported as skipped.
     */
    @ParameterizedTest(name = "{0} call, Retry-After as {1}")
    @CsvSource({"list, seconds", "list, date", "create, seconds", "create, date"})
    void rateLimitHonoursRetryAfter(String call, String retryAfterForm) {
        String method = call.equals("list") ? "GET" : "POST";
        Instant retryAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(5);
        String retryAfter = retryAfterForm.equals("seconds") ? "1" : HTTP_DATE.format(retryAt);
        emulator.admin().addFault(FaultRule.api(method, PROFILE_LIST)
                .respond(429, "{\"message\":\"Too Many Requests\"}").header("Retry-After", retryAfter).toJson());

        ProductRun.Result result = bitriseRun().run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(1, faultFired(emulator, 0));
        List<JsonNode> calls = requests(emulator, "api", method, PROFILE_LIST);
        assertEquals(call.equals("list") ? 2 : 3, calls.size(), calls::toString);
        // Profiles upload in parallel, so the rejected call is the one sent twice, not simply the first.
        List<JsonNode> repeated = calls.stream()
                .filter(request -> calls.stream().filter(other -> other.path("body").equals(request.path("body"))).count() == 2)
                .toList();
        assertEquals(2, repeated.size(), calls::toString);
        JsonNode rejected = repeated.get(0);
        JsonNode retried = repeated.get(1);
        long retriedAt = retried.path("timeMillis").asLong();
        if (retryAfterForm.equals("seconds")) {
            long gap = retriedAt - rejected.path("timeMillis").asLong();
            assertTrue(gap >= 995, "the retry came " + gap + " ms after the 429, before Retry-After: 1");
        } else {
            assumeTrue(rejected.path("timeMillis").asLong() < retryAt.toEpochMilli() - 1_000,
                    "the product sent its first call less than 1 s before the Retry-After date");
            assertTrue(retriedAt >= retryAt.toEpochMilli() - 10,
                    "the retry came " + (retryAt.toEpochMilli() - retriedAt) + " ms before the Retry-After date");
        }
        List<String> retries = retryLines(result);
        assertEquals(1, retries.size(), result::toString);
        Matcher retry = RETRY_LINE.matcher(retries.get(0));
        assertTrue(retry.find(), retries.get(0));
        assertEquals("1", retry.group(1), retries.get(0));
        double waitSeconds = Double.parseDouble(retry.group(2));
        if (retryAfterForm.equals("seconds")) {
            assertEquals(1.0, waitSeconds, 0.01, retries.get(0));
        } else {
            assertTrue(waitSeconds >= 0.9, retries.get(0));
            assertTrue(waitSeconds <= 5.0, retries.get(0));
        }
        assertTrue(retries.get(0).contains("answered 429"), retries.get(0));
        if (call.equals("create")) {
            assertEquals(1, requests(emulator, "api", "GET", PROFILE_LIST).size(),
                    "a 429 on create says nothing was made, so no list is needed before the retry");
        }
        assertAllSynced(result);
        assertRerunConverges();
    }

    @Test
    void retryAfterOverCapFailsOnlyThatFile() {
        emulator.admin().addFault(FaultRule.api("POST", CERTIFICATE_LIST)
                .respond(429, "{\"message\":\"Too Many Requests\"}").header("Retry-After", "120").times(0).toJson());

        ProductRun.Result result = bitriseRun().run(SyncChecks.productJar());

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(1, requests(emulator, "api", "POST", CERTIFICATE_LIST).size(), "the create is not repeated");
        assertTrue(result.elapsed().compareTo(Duration.ofSeconds(20)) < 0, "the run waited: " + result.elapsed());
        assertTrue(linesAt("ERROR", result.stderr()).stream()
                        .anyMatch(line -> line.contains(CERTIFICATE) && line.contains("longer than the 30 s")),
                result::toString);
        assertExactlyProcessed(emulator, PROFILES, ALL_PROFILES);
        assertExactlyProcessed(emulator, CERTIFICATES, List.of());
        assertEquals("", envmanValues(result).get("BUILD_CERTIFICATE_SLUGS"));
        assertNoLeaks(result);
        assertRerunConverges(CERTIFICATE);
    }

    // ---- Server errors (5xx) ----

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "500, list", "503, list",
        "500, create", "503, create",
        "500, confirm", "503, confirm",
        "500, update", "503, update"})
    void serverErrorIsRetried(int status, String call) {
        String method = switch (call) {
            case "list" -> "GET";
            case "update" -> "PATCH";
            default -> "POST";
        };
        String path = switch (call) {
            case "confirm" -> CERTIFICATE_CONFIRM;
            case "update" -> CERTIFICATE_ITEM;
            default -> CERTIFICATE_LIST;
        };
        emulator.admin().addFault(FaultRule.api(method, path)
                .respond(status, "{\"message\":\"Service Unavailable\"}").times(2).toJson());

        ProductRun.Result result = bitriseRun().run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(2, faultFired(emulator, 0));
        assertEquals(3, requests(emulator, "api", method, path).size(), "two failures and one success");
        List<String> retries = retryLines(result);
        assertEquals(2, retries.size(), result::toString);
        for (int attempt = 1; attempt <= 2; attempt++) {
            Matcher retry = RETRY_LINE.matcher(retries.get(attempt - 1));
            assertTrue(retry.find(), retries.get(attempt - 1));
            assertEquals(String.valueOf(attempt), retry.group(1), retries.get(attempt - 1));
        }
        if (call.equals("create")) {
            assertTrue(retries.get(0).contains("Creating '" + CERTIFICATE + "' failed without a clear response"),
                    retries.get(0));
        } else {
            assertTrue(retries.get(0).contains(method + " /v0.1/apps/" + TestEmulator.APP_SLUG + "/build-certificates"),
                    retries.get(0));
            assertTrue(retries.get(0).contains("answered " + status), retries.get(0));
        }
        assertAllSynced(result);
        assertRerunConverges();
    }

    @Test
    void persistentCreateFailureFailsOnlyThatFile() {
        emulator.admin().addFault(FaultRule.api("POST", CERTIFICATE_LIST)
                .respond(500, "{\"message\":\"Internal Server Error\"}").times(0).toJson());

        ProductRun.Result result = bitriseRun().run(SyncChecks.productJar());

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(5, requests(emulator, "api", "POST", CERTIFICATE_LIST).size(), "5 attempts");
        assertExactlyProcessed(emulator, PROFILES, ALL_PROFILES);
        assertExactlyProcessed(emulator, CERTIFICATES, List.of());
        Map<String, String> exported = envmanValues(result);
        assertEquals("", exported.get("BUILD_CERTIFICATE_SLUGS"));
        assertEquals(slugOf(emulator, PROFILES, PROFILE_A) + "|" + slugOf(emulator, PROFILES, PROFILE_B),
                exported.get("PROVISIONING_PROFILE_SLUGS"));
        JsonNode report = SyncChecks.parse(SyncChecks.readOrEmpty(Path.of(exported.get("SIGNING_SYNC_REPORT_PATH"))));
        assertEquals("failed", report.path("result").asText());
        JsonNode certificateEntry = reportEntry(report, CERTIFICATE);
        assertEquals("failed", certificateEntry.path("outcome").asText());
        assertTrue(certificateEntry.path("error").asText().contains("answered 500"), certificateEntry::toString);
        assertEquals("uploaded", reportEntry(report, PROFILE_A).path("outcome").asText());
        assertTrue(linesAt("ERROR", result.stderr()).stream().anyMatch(line -> line.contains(CERTIFICATE)),
                result::toString);
        assertNoLeaks(result);
        assertRerunConverges(CERTIFICATE);
    }

    @Test
    void persistentConfirmFailureDeletesTheRecord() {
        emulator.admin().addFault(FaultRule.api("POST", CERTIFICATE_CONFIRM)
                .respond(500, "{\"message\":\"Internal Server Error\"}").times(0).toJson());

        ProductRun.Result result = bitriseRun().run(SyncChecks.productJar());

        assertEquals(1, result.exitCode(), result::toString);
        List<JsonNode> confirms = requests(emulator, "api", "POST", CERTIFICATE_CONFIRM);
        assertEquals(5, confirms.size(), "5 attempts");
        String slug = confirms.get(0).path("path").asText().split("/")[5];
        List<JsonNode> deletes = requests(emulator, "api", "DELETE", CERTIFICATE_ITEM);
        assertEquals(1, deletes.size(), deletes::toString);
        assertTrue(deletes.get(0).path("path").asText().endsWith("/" + slug), deletes::toString);
        assertExactlyProcessed(emulator, CERTIFICATES, List.of());
        assertExactlyProcessed(emulator, PROFILES, ALL_PROFILES);
        assertEquals("", envmanValues(result).get("BUILD_CERTIFICATE_SLUGS"));
        assertNoLeaks(result);
        assertRerunConverges(CERTIFICATE);
    }

    // ---- Lost responses: dropped connections and timeouts ----

    @Test
    void droppedCreateIsRetriedWithoutDuplicate() {
        emulator.admin().addFault(FaultRule.api("POST", CERTIFICATE_LIST).drop().toJson());

        ProductRun.Result result = bitriseRun().run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(1, faultFired(emulator, 0));
        assertEquals(2, requests(emulator, "api", "POST", CERTIFICATE_LIST).size(), "the dropped create and one retry");
        assertEquals(2, requests(emulator, "api", "GET", CERTIFICATE_LIST).size(),
                "the certificates are listed again before the retry");
        List<String> retries = retryLines(result);
        assertEquals(1, retries.size(), result::toString);
        assertTrue(retries.get(0).contains("Creating '" + CERTIFICATE + "' failed without a clear response"), retries.get(0));
        assertAllSynced(result);
        assertRerunConverges();
    }

    /**
     * The emulator's drop fires before the request is handled, so it never makes a record. A delay
     * longer than the product's timeout makes one after the product gave up: the product's list
     * before the retry must find it and delete it. The retry base delay (1.5 s, so a 0.75 to 1.5 s
     * wait) keeps that list well after the emulator creates the record at 1.2 s.
     */
    @Test
    void createAnsweredTooLateLeavesNoOrphan() {
        emulator.admin().addFault(FaultRule.api("POST", CERTIFICATE_LIST).delay(1_200).toJson());

        ProductRun.Result result = bitriseRun()
                .jvmOption("-Dsigningsync.requestTimeout=PT1S")
                .jvmOption("-Dsigningsync.retryBaseDelay=PT1.5S")
                .run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(2, requests(emulator, "api", "POST", CERTIFICATE_LIST).size());
        List<JsonNode> deletes = requests(emulator, "api", "DELETE", CERTIFICATE_ITEM);
        assertEquals(1, deletes.size(), "the record of the timed-out create is deleted: " + deletes);
        String orphanSlug = deletes.get(0).path("path").asText().replaceAll(".*/", "");
        assertNotEquals(orphanSlug, slugOf(emulator, CERTIFICATES, CERTIFICATE));
        assertTrue(result.stderr().contains("Deleted unfinished record " + orphanSlug), result::toString);
        assertAllSynced(result);
        assertRerunConverges();
    }

    @Test
    void listTimeoutIsRetried() {
        emulator.admin().addFault(FaultRule.api("GET", PROFILE_LIST).delay(2_500).toJson());

        ProductRun.Result result = bitriseRun().run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(1, faultFired(emulator, 0));
        assertEquals(2, requests(emulator, "api", "GET", PROFILE_LIST).size());
        List<String> retries = retryLines(result);
        assertEquals(1, retries.size(), result::toString);
        assertTrue(retries.get(0).contains("got no answer"), retries.get(0));
        assertAllSynced(result);
        assertRerunConverges();
    }

    // ---- S3 upload faults ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"500", "drop"})
    void failedUploadIsRetriedWithWholeBody(String fault) throws IOException {
        FaultRule rule = FaultRule.s3("PUT", CERTIFICATE_OBJECT);
        emulator.admin().addFault((fault.equals("drop") ? rule.drop() : rule.respond(500, S3_INTERNAL_ERROR)).toJson());

        ProductRun.Result result = bitriseRun().run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(1, faultFired(emulator, 0));
        long size = Files.size(folder.resolve(CERTIFICATE));
        List<JsonNode> puts = requests(emulator, "s3", "PUT", CERTIFICATE_OBJECT);
        assertEquals(2, puts.size(), puts::toString);
        for (JsonNode put : puts) {
            assertEquals(size, put.path("bodyLength").asLong(), "every attempt sends the whole file");
            assertEquals(String.valueOf(size), header(put, "Content-Length"));
            assertEquals(null, header(put, "Authorization"));
        }
        assertEquals(1, requests(emulator, "api", "POST", CERTIFICATE_LIST).size(), "the same upload URL is reused");
        List<String> retries = retryLines(result);
        assertEquals(1, retries.size(), result::toString);
        assertTrue(retries.get(0).startsWith("WARN PUT "), retries.get(0));
        assertFalse(retries.get(0).contains("X-Amz-"), "the URL is logged without its query: " + retries.get(0));
        assertAllSynced(result);
        assertRerunConverges();
    }

    @Test
    void expiredUploadUrlGetsNewRecord() {
        emulator.admin().addFault(FaultRule.s3("PUT", CERTIFICATE_OBJECT).respond(403, S3_EXPIRED).toJson());

        ProductRun.Result result = bitriseRun().run(SyncChecks.productJar());

        assertEquals(0, result.exitCode(), result::toString);
        List<JsonNode> creates = requests(emulator, "api", "POST", CERTIFICATE_LIST);
        assertEquals(2, creates.size(), creates::toString);
        List<JsonNode> deletes = requests(emulator, "api", "DELETE", CERTIFICATE_ITEM);
        assertEquals(1, deletes.size(), deletes::toString);
        String expiredSlug = deletes.get(0).path("path").asText().replaceAll(".*/", "");
        assertNotEquals(expiredSlug, slugOf(emulator, CERTIFICATES, CERTIFICATE));
        assertTrue(linesAt("WARN", result.stderr()).stream()
                        .anyMatch(line -> line.contains("upload URL of " + CERTIFICATE + " expired")),
                result::toString);
        assertAllSynced(result);
        assertRerunConverges();
    }

    @Test
    void shortLivedUploadUrlsFailWithoutRecord() {
        emulator.admin().setPresignExpirySeconds(5);

        ProductRun.Result result = bitriseRun().run(SyncChecks.productJar());

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(List.of(), requests(emulator, "s3", "PUT", ""), "no upload starts with under 15 s left");
        List<JsonNode> creates = requests(emulator, "api", "POST", "/(provisioning-profiles|build-certificates)$");
        assertEquals(9, creates.size(), "3 upload URLs for each of the 3 files");
        assertEquals(9, requests(emulator, "api", "DELETE", "").size());
        assertExactlyProcessed(emulator, PROFILES, List.of());
        assertExactlyProcessed(emulator, CERTIFICATES, List.of());
        List<String> errors = linesAt("ERROR", result.stderr());
        for (String name : List.of(PROFILE_A, PROFILE_B, CERTIFICATE)) {
            String error = errors.stream().filter(line -> line.contains(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no ERROR line names " + name + "\n" + result));
            assertTrue(error.contains("gave up after 3 upload URLs"), error);
            assertTrue(error.contains("clock"), error);
        }
        assertNoLeaks(result);
        assertRerunConverges(PROFILE_A, PROFILE_B, CERTIFICATE);
    }

    // ---- Interrupted run ----

    @Test
    void killedRunLeftoverIsReplacedByNextRun() throws InterruptedException {
        // The certificate's PUT hangs for 15 s and then loses its connection. The test kills the product before that.
        emulator.admin().addFault(FaultRule.s3("PUT", CERTIFICATE_OBJECT).drop().delay(15_000).toJson());
        ProductProcess.Running running = ProductProcess.in(work)
                .env("bitrise_api_token", TestEmulator.TOKEN)
                .env("app_slug", TestEmulator.APP_SLUG)
                .env("api_base_url", emulator.apiUri().toString())
                .env("signing_files_dir", folder.toString())
                .env("certificate_password", PASSWORD)
                .argument("--output-file").argument(work.resolve("killed.env").toString())
                .argument("--report-file").argument(work.resolve("killed-report.json").toString())
                .jvmOption("-Dsigningsync.retryBaseDelay=PT0.05S")
                .start();
        // Files upload in parallel: wait until the certificate's PUT hangs and both profiles are confirmed.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((requests(emulator, "s3", "PUT", CERTIFICATE_OBJECT).isEmpty() || processedCount(PROFILES) < 2)
                && running.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        ProductProcess.Result killed = running.kill();

        assertNotEquals(0, killed.exitCode(), killed::toString);
        List<JsonNode> leftovers = records(emulator, CERTIFICATES);
        assertEquals(1, leftovers.size(), killed::toString);
        assertFalse(leftovers.get(0).path("processed").asBoolean(), "the killed run never confirmed");
        String leftoverSlug = leftovers.get(0).path("slug").asText();
        assertExactlyProcessed(emulator, PROFILES, ALL_PROFILES);

        List<JsonNode> writes = assertRerunConverges(CERTIFICATE);

        assertTrue(writes.stream().anyMatch(request -> request.path("method").asText().equals("DELETE")
                && request.path("path").asText().endsWith("/" + leftoverSlug)), writes::toString);
        assertNotEquals(leftoverSlug, slugOf(emulator, CERTIFICATES, CERTIFICATE));
    }

    // ---- Redirects ----

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "301, list", "302, list", "307, list", "308, list",
        "301, create", "302, create", "307, create", "308, create"})
    void redirectIsNeverFollowed(int status, String call) {
        String method = call.equals("list") ? "GET" : "POST";
        String location = emulator.trapUri() + "/v0.1/apps/" + TestEmulator.APP_SLUG + "/build-certificates";
        emulator.admin().addFault(FaultRule.api(method, CERTIFICATE_LIST).redirect(status, location).times(0).toJson());

        ProductRun.Result result = bitriseRun().run(SyncChecks.productJar());

        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(List.of(), emulator.admin().trapRequests(), "the redirect was followed");
        assertEquals(1, requests(emulator, "api", method, CERTIFICATE_LIST).size(), "a redirect is not retried");
        assertTrue(linesAt("ERROR", result.stderr()).stream()
                        .anyMatch(line -> line.contains("redirect to " + location) && line.contains("not followed")),
                result::toString);
        for (JsonNode request : emulator.admin().requests("s3")) {
            assertFalse(request.toString().contains(TestEmulator.TOKEN), "the token went to S3: " + request);
        }
        for (JsonNode request : emulator.admin().requests("api")) {
            assertEquals(TestEmulator.TOKEN, header(request, "Authorization"), request::toString);
        }
        if (call.equals("list")) {
            assertEquals(List.of(), writeRequests(emulator), "nothing changes when listing fails");
            assertTrue(result.stderr().contains("Listing the app's files failed"), result::toString);
            assertNoLeaks(result);
            assertRerunConverges(PROFILE_A, PROFILE_B, CERTIFICATE);
        } else {
            assertExactlyProcessed(emulator, PROFILES, ALL_PROFILES);
            assertExactlyProcessed(emulator, CERTIFICATES, List.of());
            assertNoLeaks(result);
            assertRerunConverges(CERTIFICATE);
        }
    }

    // ---- Helpers ----

    private ProductRun bitriseRun() {
        return ProductRun.bitrise(work).against(emulator)
                .input("signing_files_dir", folder.toString())
                .input("certificate_password", PASSWORD)
                .env("BITRISE_DEPLOY_DIR", work.resolve("deploy").toString())
                .jvmOption("-Dsigningsync.retryBaseDelay=PT0.05S")
                .jvmOption("-Dsigningsync.requestTimeout=PT2S");
    }

    private long processedCount(String kind) {
        return records(emulator, kind).stream().filter(record -> record.path("processed").asBoolean()).count();
    }

    /** Returns the product's WARN lines about a retry, in order. */
    private static List<String> retryLines(ProductRun.Result result) {
        return linesAt("WARN", result.stderr()).stream().filter(line -> RETRY_LINE.matcher(line).find()).toList();
    }

    /**
     * Asserts that every file is synced: one processed record each with the requested flags and
     * password, exported in file-name order, and that no secret was printed.
     */
    private void assertAllSynced(ProductRun.Result result) {
        assertExactlyProcessed(emulator, PROFILES, ALL_PROFILES);
        assertExactlyProcessed(emulator, CERTIFICATES, ALL_CERTIFICATES);
        List<JsonNode> all = new ArrayList<>(records(emulator, PROFILES));
        all.addAll(records(emulator, CERTIFICATES));
        for (JsonNode record : all) {
            assertTrue(record.path("is_expose").asBoolean(), record::toString);
            assertFalse(record.path("is_protected").asBoolean(), record::toString);
            assertTrue(record.path("in_s3").asBoolean(), record::toString);
        }
        assertEquals(PASSWORD, records(emulator, CERTIFICATES).get(0).path("certificate_password").asText());
        Map<String, String> exported = envmanValues(result);
        assertEquals(slugOf(emulator, PROFILES, PROFILE_A) + "|" + slugOf(emulator, PROFILES, PROFILE_B),
                exported.get("PROVISIONING_PROFILE_SLUGS"), result::toString);
        assertEquals(slugOf(emulator, CERTIFICATES, CERTIFICATE), exported.get("BUILD_CERTIFICATE_SLUGS"));
        assertNoLeaks(result);
    }

    private void assertNoLeaks(ProductRun.Result result) {
        SyncChecks.assertNoSecrets(SyncChecks.scanner(emulator, PASSWORD), Map.of(
                "stdout", result.stdout(),
                "stderr", result.stderr(),
                "envman", String.join("\n", result.envmanCalls()),
                "report", SyncChecks.readOrEmpty(work.resolve("deploy/signing-sync-report.json"))));
    }

    /**
     * Runs the sync again without any fault and asserts that it succeeds and writes only what is
     * still missing: it creates exactly {@code stillMissing}, and sends no write request about a
     * file that was already synced. Returns the rerun's write requests.
     */
    private List<JsonNode> assertRerunConverges(String... stillMissing) {
        emulator.admin().clearFaults();
        emulator.admin().setPresignExpirySeconds(600);
        Set<String> syncedSlugs = new HashSet<>();
        for (String kind : List.of(PROFILES, CERTIFICATES)) {
            for (JsonNode record : records(emulator, kind)) {
                if (record.path("processed").asBoolean()) {
                    syncedSlugs.add(record.path("slug").asText());
                }
            }
        }
        emulator.admin().clearRequests();

        ProductRun.Result rerun = bitriseRun().run(SyncChecks.productJar());

        assertEquals(0, rerun.exitCode(), () -> "the rerun without the fault failed\n" + rerun);
        assertAllSynced(rerun);
        List<JsonNode> writes = writeRequests(emulator);
        List<String> created = writes.stream()
                .filter(request -> request.path("method").asText().equals("POST")
                        && request.path("path").asText().matches(".*/(provisioning-profiles|build-certificates)"))
                .map(SyncChecks::createdName)
                .sorted()
                .toList();
        assertEquals(List.of(stillMissing).stream().sorted().toList(), created, "files the rerun uploaded");
        for (JsonNode write : writes) {
            String slug = write.path("path").asText().split("/").length > 5 ? write.path("path").asText().split("/")[5] : "";
            assertFalse(syncedSlugs.contains(slug), "the rerun changed a file that was already synced: " + write);
        }
        assertEquals(stillMissing.length, requests(emulator, "s3", "PUT", "").size(), "one upload per missing file");
        return writes;
    }

    private static JsonNode reportEntry(JsonNode report, String name) {
        for (JsonNode entry : report.path("files")) {
            if (entry.path("name").asText().equals(name)) {
                return entry;
            }
        }
        throw new AssertionError("no report entry for " + name + ": " + report);
    }
}
