package io.signingsync.e2e;

import static io.signingsync.e2e.ApiTestSupport.appPath;
import static io.signingsync.e2e.ApiTestSupport.json;
import static io.signingsync.e2e.ApiTestSupport.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signingsync.e2e.contract.ContractChecker;
import io.signingsync.e2e.contract.Violation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks every kind of response the emulator sends against the Bitrise API v0.1 spec with
 * {@link ContractChecker#checkResponse}, for each file kind, with the app's serveSha256 off and on.
 * The requests themselves follow the spec, so the automatic check of {@link EmulatorExtension}
 * must find nothing either.
 */
@ExtendWith(EmulatorExtension.class)
class EmulatorContractTest {
    private static final String PROFILES = "provisioning-profiles";
    private static final String CERTIFICATES = "build-certificates";
    private static final String GENERIC = "generic-project-files";
    private static final String KEYSTORES = "android-keystore-files";
    private static final String CERTIFICATE_PASSWORD = "p12-pass";
    private static final String KEYSTORE_ALIAS = "release";
    private static final String KEYSTORE_PASSWORD = "ks-pass";

    private static ContractChecker checker;
    private static byte[] p12Content;
    private static byte[] keystoreContent;

    private TestEmulator emulator;

    /** Loads the spec and makes one real .p12 and keystore, so certificates[] and the fingerprint get values. */
    @BeforeAll
    static void loadSpecAndFixtures(@TempDir Path temp) throws IOException {
        checker = new ContractChecker(specPath());
        SigningFixtures fixtures = new SigningFixtures(temp);
        SigningFixtures.Identity identity = fixtures.identity("iPhone Distribution: contract test");
        p12Content = Files.readAllBytes(fixtures.p12(temp.resolve("dist.p12"), identity, CERTIFICATE_PASSWORD));
        keystoreContent = Files.readAllBytes(fixtures.keystore(temp.resolve("release.keystore"), KEYSTORE_ALIAS,
                KEYSTORE_PASSWORD));
    }

    @BeforeEach
    void keepEmulator(TestEmulator emulator) {
        this.emulator = emulator;
    }

    static Stream<Arguments> kindsWithSha256Switch() {
        List<Arguments> arguments = new ArrayList<>();
        for (String kind : List.of(PROFILES, CERTIFICATES, GENERIC, KEYSTORES)) {
            arguments.add(Arguments.of(kind, false));
            arguments.add(Arguments.of(kind, true));
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}, serveSha256={1}")
    @MethodSource("kindsWithSha256Switch")
    void lifecycleResponsesFollowSpec(String kind, boolean serveSha256) {
        emulator.admin().registerApp(emulator.appSlug(), emulator.token(), serveSha256);
        byte[] content = contentOf(kind);

        HttpResponse<String> created = call("POST", appPath(emulator, kind), createBody(kind, "first", content.length));
        assertConforms("create", created, 201);
        JsonNode item = json(created).get("data");
        assertTrue(item.get("upload_url").isTextual(), created.body());
        String path = appPath(emulator, kind) + "/" + item.get("slug").asText();

        HttpResponse<String> unprocessed = call("GET", path, null);
        assertConforms("show before upload", unprocessed, 200);

        assertEquals(200, put(item.get("upload_url").asText(), content).statusCode());
        HttpResponse<String> confirmed = call("POST", path + "/uploaded", null);
        assertConforms("confirm", confirmed, 200);

        if (!kind.equals(KEYSTORES)) {
            HttpResponse<String> updated = call("PATCH", path, updateBody(kind));
            assertConforms("update", updated, 200);
        }

        HttpResponse<String> showResponse = call("GET", path, null);
        assertConforms("show", showResponse, 200);
        assertTrue(json(showResponse).get("data").get("download_url").isTextual(), showResponse.body());
        if (serveSha256 && (kind.equals(CERTIFICATES) || kind.equals(KEYSTORES))) {
            assertTrue(json(showResponse).get("data").get("file_sha256").isTextual(), showResponse.body());
        }

        HttpResponse<String> listed = call("GET", appPath(emulator, kind), null);
        assertConforms("list", listed, 200);
        assertFalse(json(listed).get("paging").has("next"), listed.body());

        HttpResponse<String> deleted = call("DELETE", path, null);
        assertConforms("delete", deleted, 200);
    }

    @ParameterizedTest(name = "{0}, serveSha256={1}")
    @MethodSource("kindsWithSha256Switch")
    void pagedListResponsesFollowSpec(String kind, boolean serveSha256) {
        emulator.admin().registerApp(emulator.appSlug(), emulator.token(), serveSha256);
        for (int i = 0; i < 3; i++) {
            String name = kind.equals(KEYSTORES) ? "keystore_" + i : "file-" + i;
            assertEquals(201, call("POST", appPath(emulator, kind), createBody(kind, name, 4)).statusCode());
        }

        HttpResponse<String> first = call("GET", appPath(emulator, kind) + "?limit=2", null);
        assertConforms("first page", first, 200);
        JsonNode paging = json(first).get("paging");
        assertTrue(paging.get("next").isTextual(), first.body());

        HttpResponse<String> last = call("GET", appPath(emulator, kind) + "?limit=2&next=" + paging.get("next").asText(), null);
        assertConforms("last page", last, 200);
        assertFalse(json(last).get("paging").has("next"), last.body());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {PROFILES, CERTIFICATES, GENERIC, KEYSTORES})
    void errorResponsesFollowSpec(String kind) {
        HttpResponse<String> unknownNext = call("GET", appPath(emulator, kind) + "?next=0000UNKNOWN", null);
        assertConforms("list with an unknown next", unknownNext, 400);

        HttpResponse<String> wrongToken = Http.send(Http.api(URI.create(emulator.apiUri() + appPath(emulator, kind)),
                "not-a-registered-token").GET().build());
        assertConforms("list with an unknown token", wrongToken, 401);

        HttpResponse<String> missing = call("GET", appPath(emulator, kind) + "/0000MISSING", null);
        assertConforms("show of an unknown slug", missing, 404);

        HttpResponse<String> created = call("POST", appPath(emulator, kind), createBody(kind, "early", 4));
        String slug = json(created).get("data").get("slug").asText();
        HttpResponse<String> early = call("POST", appPath(emulator, kind) + "/" + slug + "/uploaded", null);
        assertConforms("confirm before upload", early, 400);

        HttpResponse<String> deletedMissing = call("DELETE", appPath(emulator, kind) + "/0000MISSING", null);
        assertConforms("delete of an unknown slug", deletedMissing, 404);
    }

    @Test
    void invalidFlagChangeResponseFollowsSpec() {
        JsonNode seeded = emulator.admin().seed(emulator.appSlug(), PROFILES, AdminClient.object()
                .put("upload_file_name", "a.mobileprovision").put("processed", true).put("is_protected", true),
                new byte[] {1});
        String path = appPath(emulator, PROFILES) + "/" + seeded.get("slug").asText();

        HttpResponse<String> rejected = call("PATCH", path, "{\"is_protected\":false}");

        assertConforms("PATCH is_protected true to false", rejected, 400);
    }

    @ParameterizedTest(name = "serveSha256={0}")
    @ValueSource(booleans = {false, true})
    void protectedAndPasswordlessItemsFollowSpec(boolean serveSha256) {
        emulator.admin().registerApp(emulator.appSlug(), emulator.token(), serveSha256);
        JsonNode certificate = emulator.admin().seed(emulator.appSlug(), CERTIFICATES, AdminClient.object()
                .put("upload_file_name", "no-password.p12").put("processed", true), new byte[] {1, 2});
        JsonNode keystore = emulator.admin().seed(emulator.appSlug(), KEYSTORES, AdminClient.object()
                .put("upload_file_name", "release").put("alias", KEYSTORE_ALIAS).put("password", KEYSTORE_PASSWORD)
                .put("private_key_password", KEYSTORE_PASSWORD).put("processed", true).put("is_protected", true),
                keystoreContent);
        JsonNode generic = emulator.admin().seed(emulator.appSlug(), GENERIC, AdminClient.object()
                .put("upload_file_name", "a.json").put("user_env_key", "A_JSON").put("processed", true), new byte[] {3});

        assertConforms("certificate without password", call("GET", appPath(emulator, CERTIFICATES) + "/"
                + certificate.get("slug").asText(), null), 200);
        assertConforms("certificate list", call("GET", appPath(emulator, CERTIFICATES), null), 200);
        HttpResponse<String> protectedKeystore = call("GET", appPath(emulator, KEYSTORES) + "/"
                + keystore.get("slug").asText(), null);
        assertConforms("protected keystore", protectedKeystore, 200);
        assertFalse(json(protectedKeystore).get("data").has("download_url"), protectedKeystore.body());
        assertConforms("generic file without datastore", call("GET", appPath(emulator, GENERIC) + "/"
                + generic.get("slug").asText(), null), 200);
        assertConforms("generic list with a keystore", call("GET", appPath(emulator, GENERIC), null), 200);
        assertConforms("keystore shown as generic file", call("GET", appPath(emulator, GENERIC) + "/"
                + keystore.get("slug").asText(), null), 200);
    }

    /** Checks the status, then checks the response against the spec for its request. */
    private void assertConforms(String step, HttpResponse<String> response, int expectedStatus) {
        assertEquals(expectedStatus, response.statusCode(), step + ": " + response.body());
        String path = response.request().uri().getRawPath();
        List<Violation> violations = checker.checkResponse(response.request().method(), path, response.statusCode(),
                response.headers().map(), response.body());
        assertEquals(List.of(), violations, step + ": " + response.body());
    }

    private HttpResponse<String> call(String method, String path, String body) {
        HttpRequest.Builder request = Http.api(URI.create(emulator.apiUri() + path), emulator.token());
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return Http.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : Http.json(body))
                .build());
    }

    private static byte[] contentOf(String kind) {
        return switch (kind) {
            case CERTIFICATES -> p12Content;
            case KEYSTORES -> keystoreContent;
            default -> ("content of a " + kind + " file").getBytes(StandardCharsets.UTF_8);
        };
    }

    /** Returns a create body with every field the spec declares for the kind; a keystore's name is also its keystore_file_name. */
    private static String createBody(String kind, String name, long size) {
        ObjectNode body = AdminClient.object().put("upload_file_name", name).put("upload_file_size", size);
        switch (kind) {
            case GENERIC -> body.put("user_env_key", "FILE_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
            case KEYSTORES -> body.put("alias", KEYSTORE_ALIAS).put("password", KEYSTORE_PASSWORD)
                    .put("private_key_password", KEYSTORE_PASSWORD).put("keystore_file_name", name.replace('-', '_'));
            default -> {
            }
        }
        return body.toString();
    }

    private static String updateBody(String kind) {
        return switch (kind) {
            case CERTIFICATES -> "{\"certificate_password\":\"" + CERTIFICATE_PASSWORD + "\",\"is_expose\":false}";
            case GENERIC -> "{\"user_env_key\":\"RENAMED\",\"exposed_meta_datastore\":{\"team\":\"ios\"},\"is_expose\":false}";
            default -> "{\"is_expose\":false,\"is_protected\":false}";
        };
    }

    private static Path specPath() {
        return Path.of(System.getProperty("contract.spec.path",
                RepoPaths.repoRoot().resolve("../shared/api/bitrise-ci.json").normalize().toString()));
    }
}
