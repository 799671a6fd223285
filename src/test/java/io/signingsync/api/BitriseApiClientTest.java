package io.signingsync.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.signingsync.config.Secret;
import io.signingsync.scan.FileKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BitriseApiClientTest {

    private static final String TOKEN = "tok-api-9f3e-distinctive";
    private static final String APP = "app-1";
    private static final String CERTS_PATH = "/v0.1/apps/app-1/build-certificates";
    private static final String SIGNATURE = "sig0123456789abcdef";

    @TempDir
    Path temp;

    private HttpServer server;
    private HttpTransport transport;
    private BitriseApiClient client;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private volatile Function<Recorded, Reply> responder = request -> Reply.json(200, "{}");

    /** One request as the server received it. */
    record Recorded(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
            return values == null ? null : values.get(0);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The response the server sends. */
    record Reply(int status, String body, Map<String, String> headers) {

        static Reply json(int status, String body) {
            return new Reply(status, body, Map.of("Content-Type", "application/json"));
        }

        static Reply text(int status, String body) {
            return new Reply(status, body, Map.of("Content-Type", "text/plain"));
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        transport = new HttpTransport("signing-sync-test");
        client = new BitriseApiClient(transport, URI.create(baseUrl() + "/v0.1"), APP, Secret.of(TOKEN), recordingPolicy());
    }

    /** Records each wait instead of sleeping, so retry tests are fast and can check the waits. */
    private RetryPolicy recordingPolicy() {
        return new RetryPolicy(Duration.ofMillis(500), waits::add, Clock.systemUTC(), new Random(7));
    }

    @AfterEach
    void stopServer() {
        transport.close();
        server.stop(0);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Recorded request = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body);
        requests.add(request);
        Reply reply = responder.apply(request);
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String record(String slug, String name) {
        return "{\"slug\":\"" + slug + "\",\"upload_file_name\":\"" + name + "\",\"upload_file_size\":10,"
                + "\"processed\":true,\"is_expose\":true,\"is_protected\":false}";
    }

    private PendingUpload pendingUpload(String path) {
        RemoteFile record = new RemoteFile(FileKind.BUILD_CERTIFICATE, "new-slug", "Dist.p12", 1234, false, true,
                false, null, null);
        String url = baseUrl() + path + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2Fscope"
                + "&X-Amz-Signature=" + SIGNATURE;
        return new PendingUpload(record, new PresignedUrl(url));
    }

    private Path fileOfSize(int size) throws IOException {
        byte[] content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = (byte) i;
        }
        return Files.write(temp.resolve("Dist.p12"), content);
    }

    // Listing.

    @Test
    void listFollowsNextAcrossPages() {
        responder = request -> {
            String query = request.rawQuery();
            if (query.contains("next=page-3")) {
                return Reply.json(200, "{\"data\":[" + record("c", "C.p12") + "],\"paging\":{\"next\":null}}");
            }
            if (query.contains("next=page-2")) {
                return Reply.json(200, "{\"data\":[" + record("b", "B.p12") + "],\"paging\":{\"next\":\"page-3\"}}");
            }
            return Reply.json(200, "{\"data\":[" + record("a", "A.p12") + "],\"paging\":{\"next\":\"page-2\"}}");
        };

        List<RemoteFile> files = client.list(FileKind.BUILD_CERTIFICATE);

        assertEquals(List.of("a", "b", "c"), files.stream().map(RemoteFile::slug).toList());
        assertEquals(3, requests.size());
        assertEquals("limit=50", requests.get(0).rawQuery());
        assertEquals("limit=50&next=page-2", requests.get(1).rawQuery());
        assertEquals("limit=50&next=page-3", requests.get(2).rawQuery());
    }

    @Test
    void listRequestsCollectionPath() {
        responder = request -> Reply.json(200, "{\"data\":[]}");

        client.list(FileKind.PROVISIONING_PROFILE);

        assertEquals("GET", requests.get(0).method());
        assertEquals("/v0.1/apps/app-1/provisioning-profiles", requests.get(0).path());
    }

    @Test
    void listRepeatedNextRaisesApiException() {
        responder = request -> Reply.json(200, "{\"data\":[" + record("a" + requests.size(), "A.p12")
                + "],\"paging\":{\"next\":\"loop\"}}");

        ApiException error = assertThrows(ApiException.class, () -> client.list(FileKind.BUILD_CERTIFICATE));

        assertEquals(2, requests.size());
        assertTrue(error.getMessage().contains("'loop' was already followed"), error.getMessage());
    }

    @Test
    void listRejectsSlugWithPath() {
        responder = request -> Reply.json(200, "{\"data\":[" + record("../../escaped", "A.p12") + "],\"paging\":{}}");

        ApiException error = assertThrows(ApiException.class, () -> client.list(FileKind.BUILD_CERTIFICATE));

        assertTrue(error.getMessage().contains("invalid slug"), error.getMessage());
        assertFalse(error.getMessage().contains("escaped"), error.getMessage());
    }

    @Test
    void listRejectsEnvKeyWithLineBreak() {
        responder = request -> Reply.json(200, "{\"data\":[{\"slug\":\"g1\",\"upload_file_name\":\"a.json\","
                + "\"upload_file_size\":1,\"processed\":true,\"user_env_key\":\"KEY\\n::stop-commands::x\"}],"
                + "\"paging\":{}}");

        ApiException error = assertThrows(ApiException.class, () -> client.list(FileKind.GENERIC_PROJECT_FILE));

        assertTrue(error.getMessage().contains("invalid user_env_key"), error.getMessage());
    }

    @Test
    void listRejectsSlugListedTwice() {
        responder = request -> Reply.json(200, "{\"data\":[" + record("a", "A.p12") + "," + record("a", "B.p12")
                + "],\"paging\":{}}");

        ApiException error = assertThrows(ApiException.class, () -> client.list(FileKind.BUILD_CERTIFICATE));

        assertTrue(error.getMessage().contains("record a is listed twice"), error.getMessage());
    }

    @Test
    void listRejectsPageOverLimit() {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            records.append(i == 0 ? "" : ",").append(record("r" + i, "R" + i + ".p12"));
        }
        responder = request -> Reply.json(200, "{\"data\":[" + records + "],\"paging\":{}}");

        ApiException error = assertThrows(ApiException.class, () -> client.list(FileKind.BUILD_CERTIFICATE));

        assertTrue(error.getMessage().contains("a page has 51 records"), error.getMessage());
    }

    @Test
    void confirmRejectsOtherRecord() {
        responder = request -> Reply.json(200, "{\"data\":" + record("victim", "Dist.p12") + "}");

        ApiException error = assertThrows(ApiException.class,
                () -> client.confirm(FileKind.BUILD_CERTIFICATE, "new-slug"));

        assertTrue(error.getMessage().contains("describes another record than new-slug"), error.getMessage());
    }

    @Test
    void confirmRejectsUnprocessedAnswer() {
        responder = request -> Reply.json(200, "{\"data\":" + record("new-slug", "Dist.p12")
                .replace("\"processed\":true", "\"processed\":false") + "}");

        ApiException error = assertThrows(ApiException.class,
                () -> client.confirm(FileKind.BUILD_CERTIFICATE, "new-slug"));

        assertTrue(error.getMessage().contains("still not processed"), error.getMessage());
    }

    @Test
    void listToleratesUnknownAndNullFields() {
        responder = request -> Reply.json(200, "{\"data\":[{\"slug\":\"a\",\"upload_file_name\":\"A.p12\","
                + "\"upload_file_size\":10,\"processed\":true,\"is_expose\":true,\"is_protected\":false,"
                + "\"file_sha256\":null,\"new_field\":{\"nested\":[1,2]},\"download_url\":null}],"
                + "\"paging\":{\"total_item_count\":1,\"page_item_limit\":50},\"extra\":true}");

        RemoteFile file = client.list(FileKind.BUILD_CERTIFICATE).get(0);

        assertEquals("a", file.slug());
        assertEquals("A.p12", file.uploadFileName());
        assertEquals(10, file.uploadFileSize());
        assertTrue(file.processed());
        assertNull(file.fileSha256());
        assertNull(file.certificatePassword());
    }

    @Test
    void listReadsServedHashAndPassword() {
        responder = request -> Reply.json(200, "{\"data\":[{\"slug\":\"a\",\"upload_file_name\":\"A.p12\","
                + "\"upload_file_size\":10,\"processed\":true,\"is_expose\":false,\"is_protected\":true,"
                + "\"file_sha256\":\"" + "AB".repeat(32) + "\",\"certificate_password\":\"pw-stored\"}]}");

        RemoteFile file = client.list(FileKind.BUILD_CERTIFICATE).get(0);

        assertEquals("ab".repeat(32), file.fileSha256());
        assertEquals(Secret.of("pw-stored"), file.certificatePassword());
        assertFalse(file.isExpose());
        assertTrue(file.isProtected());
    }

    @Test
    void apiCallsSendRawToken() {
        responder = request -> Reply.json(200, "{\"data\":[]}");

        client.list(FileKind.BUILD_CERTIFICATE);

        assertEquals(TOKEN, requests.get(0).header("Authorization"));
    }

    // Create, confirm, update, delete.

    @Test
    void createSendsNameAndSize() throws Exception {
        responder = request -> Reply.json(201, "{\"data\":{\"slug\":\"new-slug\",\"upload_file_name\":\"Dist.p12\","
                + "\"upload_file_size\":1234,\"processed\":false,\"upload_url\":\"https://s3.example.test/k?"
                + "X-Amz-Signature=abc\"}}");

        PendingUpload pending = client.create(FileKind.BUILD_CERTIFICATE, "Dist.p12", 1234);

        Recorded request = requests.get(0);
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertEquals("POST", request.method());
        assertEquals(CERTS_PATH, request.path());
        assertEquals("Dist.p12", body.path("upload_file_name").asText());
        assertEquals(1234, body.path("upload_file_size").asLong());
        assertEquals("new-slug", pending.record().slug());
        assertEquals("https://s3.example.test/k?X-Amz-Signature=abc", pending.uploadUrl().reveal());
    }

    @Test
    void createWithoutUploadUrlFails() {
        responder = request -> Reply.json(201, "{\"data\":{\"slug\":\"new-slug\"}}");

        ApiException error = assertThrows(ApiException.class,
                () -> client.create(FileKind.BUILD_CERTIFICATE, "Dist.p12", 1234));

        assertTrue(error.getMessage().contains("no data.upload_url"), error.getMessage());
    }

    @Test
    void confirmPostsUploaded() {
        responder = request -> Reply.json(200, "{\"data\":" + record("new-slug", "Dist.p12") + "}");

        RemoteFile confirmed = client.confirm(FileKind.BUILD_CERTIFICATE, "new-slug");

        assertEquals("POST", requests.get(0).method());
        assertEquals(CERTS_PATH + "/new-slug/uploaded", requests.get(0).path());
        assertTrue(confirmed.processed());
    }

    @Test
    void updateSendsOnlySetFields() throws Exception {
        responder = request -> Reply.json(200, "{\"data\":" + record("s1", "Dist.p12") + "}");

        client.update(FileKind.BUILD_CERTIFICATE, "s1", new FlagUpdate(false, Secret.of("pw-new"), null));

        JsonNode body = new ObjectMapper().readTree(requests.get(0).body());
        assertEquals("PATCH", requests.get(0).method());
        assertEquals(CERTS_PATH + "/s1", requests.get(0).path());
        assertEquals(2, body.size());
        assertFalse(body.path("is_expose").asBoolean(true));
        assertEquals("pw-new", body.path("certificate_password").asText());
    }

    @Test
    void updateToleratesEmptyAnswer() {
        responder = request -> Reply.json(200, "");

        RemoteFile updated = client.update(FileKind.PROVISIONING_PROFILE, "s1", new FlagUpdate(null, null, true));

        assertEquals("s1", updated.slug());
    }

    @Test
    void deleteSendsDelete() {
        responder = request -> Reply.json(204, "");

        client.delete(FileKind.PROVISIONING_PROFILE, "s1");

        assertEquals("DELETE", requests.get(0).method());
        assertEquals("/v0.1/apps/app-1/provisioning-profiles/s1", requests.get(0).path());
        assertEquals(TOKEN, requests.get(0).header("Authorization"));
    }

    // Upload to S3.

    @Test
    void uploadSendsNoAuthorization() throws Exception {
        Path file = fileOfSize(1234);

        client.upload(pendingUpload("/bucket/key"), file, 1234);

        assertEquals(1, requests.size());
        assertEquals("PUT", requests.get(0).method());
        assertNull(requests.get(0).header("Authorization"));
    }

    @Test
    void uploadSendsFixedLength() throws Exception {
        Path file = fileOfSize(1234);

        client.upload(pendingUpload("/bucket/key"), file, 1234);

        Recorded request = requests.get(0);
        assertEquals("1234", request.header("Content-Length"));
        assertNull(request.header("Transfer-Encoding"));
        assertArrayEquals(Files.readAllBytes(file), request.body());
    }

    @Test
    void uploadKeepsPresignedQueryExact() throws Exception {
        Path file = fileOfSize(10);

        client.upload(pendingUpload("/bucket/key"), file, 10);

        assertEquals("/bucket/key", requests.get(0).path());
        assertEquals("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2Fscope&X-Amz-Signature=" + SIGNATURE,
                requests.get(0).rawQuery());
    }

    @Test
    void uploadSizeMismatchSendsNothing() throws Exception {
        Path file = fileOfSize(10);

        ApiException error = assertThrows(ApiException.class,
                () -> client.upload(pendingUpload("/bucket/key"), file, 11));

        assertEquals(0, requests.size());
        assertTrue(error.getMessage().contains("changed size"), error.getMessage());
    }

    @Test
    void s3XmlErrorGivesCode() throws Exception {
        Path file = fileOfSize(10);
        responder = request -> new Reply(403, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>"
                + "<Code>SignatureDoesNotMatch</Code><Message>The signature does not match</Message>"
                + "<StringToSign>X-Amz-Signature=" + SIGNATURE + "</StringToSign></Error>",
                Map.of("Content-Type", "application/xml"));

        ApiException error = assertThrows(ApiException.class,
                () -> client.upload(pendingUpload("/bucket/key"), file, 10));

        assertEquals(403, error.status());
        assertEquals("PUT /bucket/key answered 403: SignatureDoesNotMatch (The signature does not match)",
                error.getMessage());
    }

    @Test
    void s3TextErrorHidesPresignedQuery() throws Exception {
        Path file = fileOfSize(10);
        responder = request -> Reply.text(400, "bad request for /bucket/key?" + request.rawQuery());

        ApiException error = assertThrows(ApiException.class,
                () -> client.upload(pendingUpload("/bucket/key"), file, 10));

        assertEquals(400, error.status());
        assertFalse(error.getMessage().contains(SIGNATURE), error.getMessage());
    }

    @Test
    void uploadRefusedHidesPresignedQuery() throws Exception {
        Path file = fileOfSize(10);
        PendingUpload pending = pendingUpload("/bucket/key");
        server.stop(0);

        ApiException error = assertThrows(ApiException.class, () -> client.upload(pending, file, 10));

        assertEquals(ApiException.NO_RESPONSE, error.status());
        assertFalse(error.getMessage().contains(SIGNATURE), error.getMessage());
        assertFalse(error.getMessage().contains("X-Amz"), error.getMessage());
    }

    // Errors.

    static Stream<Arguments> errorBodies() {
        return Stream.of(
                Arguments.of("{\"message\":\"App not found\"}", "App not found"),
                Arguments.of("{\"error_msg\":\"Invalid slug\"}", "Invalid slug"),
                Arguments.of("{\"error\":\"Forbidden for this token\"}", "Forbidden for this token"),
                Arguments.of("upstream failure\nsecond line", "upstream failure"));
    }

    @ParameterizedTest
    @MethodSource("errorBodies")
    void errorBodyBecomesMessage(String body, String expected) {
        responder = request -> Reply.text(422, body);

        ApiException error = assertThrows(ApiException.class, () -> client.list(FileKind.BUILD_CERTIFICATE));

        assertEquals(422, error.status());
        assertEquals(expected, error.serverMessage());
        assertEquals("GET " + CERTS_PATH + " answered 422: " + expected, error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 307, 308})
    void redirectIsNotFollowed(int status) {
        responder = request -> request.path().startsWith("/elsewhere") ? Reply.json(200, "{\"data\":[]}")
                : new Reply(status, "", Map.of("Location", baseUrl() + "/elsewhere/v0.1?token-hint=qq77"));

        ApiException error = assertThrows(ApiException.class, () -> client.list(FileKind.BUILD_CERTIFICATE));

        assertEquals(1, requests.size());
        assertEquals(status, error.status());
        assertTrue(error.getMessage().contains("not followed"), error.getMessage());
        assertTrue(error.getMessage().contains(baseUrl() + "/elsewhere/v0.1"), error.getMessage());
        assertFalse(error.getMessage().contains("qq77"), error.getMessage());
    }

    @Test
    void echoedTokenRemovedFromMessage() {
        responder = request -> Reply.json(401, "{\"message\":\"token " + request.header("Authorization")
                + " is not valid\"}");

        ApiException error = assertThrows(ApiException.class, () -> client.list(FileKind.BUILD_CERTIFICATE));

        assertEquals(401, error.status());
        assertFalse(error.getMessage().contains(TOKEN), error.getMessage());
        assertFalse(error.serverMessage().contains(TOKEN), error.serverMessage());
    }

    @Test
    void connectionRefusedHasNoResponse() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = socket.getLocalPort();
        }
        BitriseApiClient refused = new BitriseApiClient(transport, URI.create("http://127.0.0.1:" + freePort + "/v0.1"),
                APP, Secret.of(TOKEN), recordingPolicy());

        ApiException error = assertThrows(ApiException.class, () -> refused.list(FileKind.BUILD_CERTIFICATE));

        assertEquals(ApiException.NO_RESPONSE, error.status());
        assertTrue(error.getMessage().startsWith("GET " + CERTS_PATH + " got no answer"), error.getMessage());
    }

    @Test
    void nonJsonSuccessIsError() {
        responder = request -> Reply.text(200, "<html>proxy login</html>");

        ApiException error = assertThrows(ApiException.class, () -> client.list(FileKind.BUILD_CERTIFICATE));

        assertTrue(error.getMessage().contains("not JSON"), error.getMessage());
    }

    // Retries.

    @Test
    void serverErrorIsRetriedThenSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        responder = request -> calls.incrementAndGet() < 3
                ? Reply.json(503, "{\"message\":\"busy\"}")
                : Reply.json(200, "{\"data\":[]}");

        List<RemoteFile> files = client.list(FileKind.BUILD_CERTIFICATE);

        assertEquals(List.of(), files);
        assertEquals(3, requests.size());
        assertEquals(2, waits.size());
    }

    @Test
    void backoffGrowsAndIsCapped() {
        responder = request -> Reply.json(500, "{\"message\":\"down\"}");

        ApiException error = assertThrows(ApiException.class, () -> client.list(FileKind.BUILD_CERTIFICATE));

        assertEquals(RetryPolicy.MAX_ATTEMPTS, requests.size());
        assertEquals(RetryPolicy.MAX_ATTEMPTS - 1, waits.size());
        assertTrue(error.getMessage().contains("gave up after 5 attempts"), error.getMessage());
        assertTrue(waits.get(0).toMillis() >= 250 && waits.get(0).toMillis() <= 500, waits::toString);
        assertTrue(waits.get(3).toMillis() >= 2000 && waits.get(3).toMillis() <= 4000, waits::toString);
        assertTrue(waits.stream().allMatch(wait -> wait.compareTo(RetryPolicy.MAX_BACKOFF) <= 0), waits::toString);
    }

    @Test
    void retryAfterSecondsIsHonoured() {
        AtomicInteger calls = new AtomicInteger();
        responder = request -> calls.incrementAndGet() == 1
                ? new Reply(429, "{\"message\":\"slow down\"}", Map.of("Retry-After", "3"))
                : Reply.json(200, "{\"data\":[]}");

        client.list(FileKind.BUILD_CERTIFICATE);

        assertEquals(List.of(Duration.ofSeconds(3)), waits);
    }

    @Test
    void retryAfterHttpDateIsHonoured() {
        AtomicInteger calls = new AtomicInteger();
        String inFiveSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(5));
        responder = request -> calls.incrementAndGet() == 1
                ? new Reply(429, "{}", Map.of("Retry-After", inFiveSeconds))
                : Reply.json(200, "{\"data\":[]}");

        client.list(FileKind.BUILD_CERTIFICATE);

        assertEquals(1, waits.size());
        assertTrue(waits.get(0).toSeconds() >= 3 && waits.get(0).toSeconds() <= 5, waits::toString);
    }

    @Test
    void retryAfterPastCapFailsAtOnce() {
        responder = request -> new Reply(429, "{\"message\":\"quota\"}", Map.of("Retry-After", "3600"));

        ApiException error = assertThrows(ApiException.class, () -> client.list(FileKind.BUILD_CERTIFICATE));

        assertEquals(1, requests.size());
        assertEquals(List.of(), waits);
        assertTrue(error.getMessage().contains("retry after 3600"), error.getMessage());
    }

    @Test
    void unauthorizedIsNotRetried() {
        responder = request -> Reply.json(401, "{\"message\":\"Unauthorized\"}");

        ApiException error = assertThrows(ApiException.class, () -> client.list(FileKind.BUILD_CERTIFICATE));

        assertEquals(401, error.status());
        assertEquals(1, requests.size());
    }

    @Test
    void createRejectedWith429IsRetriedWithoutListing() {
        AtomicInteger calls = new AtomicInteger();
        responder = request -> calls.incrementAndGet() == 1
                ? new Reply(429, "{}", Map.of("Retry-After", "0"))
                : Reply.json(201, "{\"data\":{\"slug\":\"s1\",\"upload_file_name\":\"A.p12\","
                        + "\"upload_file_size\":3,\"processed\":false,\"upload_url\":\"" + baseUrl() + "/s3/x\"}}");

        PendingUpload upload = client.create(FileKind.BUILD_CERTIFICATE, "A.p12", 3);

        assertEquals("s1", upload.record().slug());
        assertEquals(List.of("POST", "POST"), requests.stream().map(Recorded::method).toList());
    }

    @Test
    void ambiguousCreateRemovesWhatItMade() {
        AtomicInteger creates = new AtomicInteger();
        responder = request -> {
            if (request.method().equals("POST")) {
                return creates.incrementAndGet() == 1
                        ? Reply.json(502, "{\"message\":\"bad gateway\"}")
                        : Reply.json(201, "{\"data\":{\"slug\":\"second\",\"upload_file_name\":\"A.p12\","
                                + "\"upload_file_size\":3,\"processed\":false,\"upload_url\":\"" + baseUrl()
                                + "/s3/x\"}}");
            }
            if (request.method().equals("GET")) {
                return Reply.json(200, "{\"data\":[{\"slug\":\"first\",\"upload_file_name\":\"A.p12\","
                        + "\"upload_file_size\":3,\"processed\":false},"
                        + "{\"slug\":\"kept\",\"upload_file_name\":\"A.p12\",\"upload_file_size\":3,"
                        + "\"processed\":true}]}");
            }
            return Reply.json(200, "{\"data\":{}}");
        };

        PendingUpload upload = client.create(FileKind.BUILD_CERTIFICATE, "A.p12", 3);

        assertEquals("second", upload.record().slug());
        assertEquals(List.of("POST", "GET", "DELETE", "POST"), requests.stream().map(Recorded::method).toList());
        assertEquals(CERTS_PATH + "/first", requests.get(2).path());
    }

    @Test
    void uploadRetriesServerErrorWithFullBody() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        responder = request -> calls.incrementAndGet() == 1 ? Reply.text(503, "<Error><Code>SlowDown</Code></Error>")
                : Reply.text(200, "");
        Path file = fileOfSize(1234);

        client.upload(pendingUpload("/s3/upload"), file, 1234);

        assertEquals(2, requests.size());
        assertArrayEquals(Files.readAllBytes(file), requests.get(1).body());
        assertEquals("1234", requests.get(1).header("Content-Length"));
    }

    @Test
    void expiredUploadAnswerRaisesExpired() throws IOException {
        responder = request -> Reply.text(403,
                "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>");

        assertThrows(UploadUrlExpiredException.class,
                () -> client.upload(pendingUpload("/s3/upload"), fileOfSize(1234), 1234));

        assertEquals(1, requests.size());
    }

    @Test
    void uploadPastExpiryIsNotStarted() throws IOException {
        Instant signedAt = Instant.parse("2026-01-01T10:00:00Z");
        Clock later = Clock.fixed(signedAt.plusSeconds(590), ZoneOffset.UTC);
        BitriseApiClient lateClient = new BitriseApiClient(transport, URI.create(baseUrl() + "/v0.1"), APP,
                Secret.of(TOKEN), new RetryPolicy(Duration.ofMillis(1), waits::add, later, new Random(1)));
        RemoteFile record = new RemoteFile(FileKind.BUILD_CERTIFICATE, "s", "Dist.p12", 1234, false, true, false,
                null, null);
        PendingUpload upload = new PendingUpload(record, new PresignedUrl(baseUrl() + "/s3/x?X-Amz-Date=20260101T100000Z"
                + "&X-Amz-Expires=600&X-Amz-Signature=" + SIGNATURE));

        UploadUrlExpiredException error = assertThrows(UploadUrlExpiredException.class,
                () -> lateClient.upload(upload, fileOfSize(1234), 1234));

        assertEquals(List.of(), requests);
        assertFalse(error.getMessage().contains(SIGNATURE));
    }

    @Test
    void deleteOfMissingRecordSucceeds() {
        responder = request -> Reply.json(404, "{\"message\":\"Not Found\"}");

        client.delete(FileKind.BUILD_CERTIFICATE, "gone");

        assertEquals(1, requests.size());
    }

    @Test
    void interruptedListIsNotRetried() throws Exception {
        responder = request -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.json(200, "{\"data\":[],\"paging\":{}}");
        };
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread lister = new Thread(() -> {
            try {
                client.list(FileKind.PROVISIONING_PROFILE);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        lister.start();
        while (requests.isEmpty()) {
            Thread.sleep(10);
        }

        lister.interrupt();
        lister.join(2000);

        assertFalse(lister.isAlive(), "the list returned soon after the interrupt");
        assertTrue(thrown.get() instanceof ApiException, String.valueOf(thrown.get()));
        assertEquals(List.of(), waits, "no retry was scheduled");
        assertEquals(1, requests.size());
    }
}
