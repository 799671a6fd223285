package io.signingsync.e2e;

import static io.signingsync.e2e.ApiTestSupport.appPath;
import static io.signingsync.e2e.ApiTestSupport.json;
import static io.signingsync.e2e.ApiTestSupport.sendJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingsync.e2e.emulator.Emulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that the emulator records requests the Bitrise API spec rejects, end to end: each test
 * sends one with the JDK HttpClient, reads GET /_emulator/contract-violations, and checks that the
 * emulator still responds as the real API would.
 */
@ExtendWith(EmulatorExtension.class)
@SendsInvalidRequests("every test sends a request the spec rejects and checks that it is recorded")
class ContractCheckTest {
    private static final String PROFILES = "provisioning-profiles";
    private static final String GENERIC = "generic-project-files";
    private static final String KEYSTORES = "android-keystore-files";

    private TestEmulator emulator;

    @BeforeEach
    void keepEmulator(TestEmulator emulator) {
        this.emulator = emulator;
    }

    @Test
    void undeclaredFieldIsRecorded() {
        HttpResponse<String> response = sendJson(emulator, "POST", appPath(emulator, PROFILES),
                "{\"upload_file_name\":\"a.mobileprovision\",\"upload_file_size\":3,\"uuid\":\"0000\"}");

        // Bitrise ignores fields it does not know, and so does the emulator.
        assertEquals(201, response.statusCode(), response.body());
        JsonNode violation = onlyViolation();
        assertEquals("request", violation.get("side").asText());
        assertEquals("POST", violation.get("method").asText());
        assertEquals("/v0.1" + appPath(emulator, PROFILES), violation.get("path").asText());
        assertEquals("/v0.1/apps/{app-slug}/provisioning-profiles", violation.get("pathTemplate").asText());
        assertEquals("body field 'uuid' is not declared in v0.ProvisionProfileUploadParams",
                violation.get("rule").asText());
        assertEquals("validation.request.body.schema.additionalProperties", violation.get("key").asText());
    }

    @Test
    void wrongTypeIsRecorded() {
        HttpResponse<String> response = sendJson(emulator, "POST", appPath(emulator, PROFILES),
                "{\"upload_file_name\":\"a.mobileprovision\",\"upload_file_size\":\"3\"}");

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(json(response).get("message").isTextual(), response.body());
        assertEquals("body field 'upload_file_size' must be integer (v0.ProvisionProfileUploadParams), but is string",
                onlyViolation().get("rule").asText());
    }

    @Test
    void genericFileWithoutEnvKeyIsRecorded() {
        HttpResponse<String> response = sendJson(emulator, "POST", appPath(emulator, GENERIC),
                "{\"upload_file_name\":\"service.json\",\"upload_file_size\":3}");

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("body field 'user_env_key' is required by v0.ProjectFileStorageUploadParams but missing",
                onlyViolation().get("rule").asText());
    }

    @Test
    void keystoreWithoutAliasIsRecorded() {
        HttpResponse<String> response = sendJson(emulator, "POST", appPath(emulator, KEYSTORES),
                "{\"upload_file_name\":\"release\",\"upload_file_size\":3,\"password\":\"p\",\"private_key_password\":\"k\"}");

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("body field 'alias' is required by v0.AndroidKeystoreFileUploadParams but missing",
                onlyViolation().get("rule").asText());
    }

    @Test
    void limitAboveMaximumIsRecorded() {
        HttpResponse<String> response = ApiTestSupport.get(emulator, appPath(emulator, PROFILES) + "?limit=100");

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(json(response).get("message").isTextual(), response.body());
        JsonNode violation = onlyViolation();
        assertEquals("GET", violation.get("method").asText());
        assertEquals("limit=100", violation.get("query").asText());
        assertEquals("query parameter 'limit' is 100, above the maximum of 50", violation.get("rule").asText());
    }

    @Test
    void violationsSurviveRequestLogClear() {
        ApiTestSupport.get(emulator, appPath(emulator, PROFILES) + "?limit=100");

        emulator.admin().clearRequests();

        assertEquals(1, emulator.admin().contractViolations().size());
        assertEquals(List.of(), emulator.admin().requests("api"));
    }

    @Test
    void resetClearsViolations() {
        ApiTestSupport.get(emulator, appPath(emulator, PROFILES) + "?limit=100");

        emulator.admin().reset();

        assertEquals(List.of(), emulator.admin().contractViolations());
    }

    @Test
    void deleteClearsViolations() {
        ApiTestSupport.get(emulator, appPath(emulator, PROFILES) + "?limit=100");

        emulator.admin().clearContractViolations();

        assertEquals(List.of(), emulator.admin().contractViolations());
    }

    @Test
    void adminAndS3RequestsAreNotChecked() {
        JsonNode item = ApiTestSupport.create(emulator, PROFILES, "{\"upload_file_name\":\"a\",\"upload_file_size\":2}");
        // A PUT without the signed length is invalid for S3 but is no Bitrise API request.
        ApiTestSupport.put(item.get("upload_url").asText(), new byte[] {1, 2});
        emulator.admin().faults();

        assertEquals(List.of(), emulator.admin().contractViolations());
    }

    @Test
    void failureMessageNamesRequestAndRule() {
        ApiTestSupport.get(emulator, appPath(emulator, PROFILES) + "?limit=100");

        String message = EmulatorExtension.describe(emulator.admin().contractViolations());

        assertTrue(message.contains("request GET /v0.1/apps/" + emulator.appSlug() + "/provisioning-profiles?limit=100"
                + " (spec path /v0.1/apps/{app-slug}/provisioning-profiles)"
                + ": query parameter 'limit' is 100, above the maximum of 50"), message);
    }

    @Test
    void missingSpecFailsStart(@TempDir Path temp) {
        Path missing = temp.resolve("no-such-spec.json");

        IOException error = assertThrows(IOException.class,
                () -> Emulator.start(temp.resolve("unused.classpath"), temp.resolve("work"), missing));

        assertTrue(error.getMessage().contains("Failed to load the Bitrise API spec " + missing), error.getMessage());
        assertTrue(error.getMessage().contains("--spec FILE"), error.getMessage());
    }

    @Test
    void wrongTokenIsNoViolation() {
        HttpResponse<String> response = Http.send(Http.api(URI.create(emulator.apiUri() + appPath(emulator, PROFILES)),
                "not-a-registered-token").GET().build());

        // The spec requires an Authorization header but not a valid token, so only the 401 shows it.
        assertEquals(401, response.statusCode(), response.body());
        assertEquals(List.of(), emulator.admin().contractViolations());
    }

    private JsonNode onlyViolation() {
        List<JsonNode> violations = emulator.admin().contractViolations();
        assertEquals(1, violations.size(), violations::toString);
        return violations.get(0);
    }
}
