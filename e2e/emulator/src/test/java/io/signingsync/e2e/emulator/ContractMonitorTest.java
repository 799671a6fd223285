package io.signingsync.e2e.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tests of the emulator's runtime contract check, without starting any server. */
class ContractMonitorTest {
    private static final String PROFILES = "/v0.1/apps/app-1/provisioning-profiles";
    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));

    private static ContractMonitor monitor;

    @BeforeAll
    static void loadSpec() throws IOException {
        monitor = ContractMonitor.load(ContractMonitor.defaultSpecPath());
    }

    @Test
    void responseDriftIsRecorded() {
        monitor.clear();
        byte[] body = "{\"data\":{\"slug\":\"p-1\",\"upload_file_size\":\"4\"}}".getBytes(StandardCharsets.UTF_8);

        monitor.checkResponse("GET", PROFILES + "/p-1", null, 200, JSON, body);

        JsonNode violations = monitor.toJson();
        assertEquals(1, violations.size(), violations::toString);
        assertEquals("response", violations.get(0).get("side").asText());
        assertEquals("response 200: body field 'data.upload_file_size' must be integer "
                + "(v0.ProvisionProfileDownloadResponseItemModel), but is string", violations.get(0).get("rule").asText());
    }

    @Test
    void unknownPathSkipsResponseCheck() {
        monitor.clear();

        boolean checkResponse = monitor.checkRequest("GET", "/v0.1/apps/app-1/signing-files", null,
                Map.of("Authorization", List.of("token")), null);

        assertFalse(checkResponse);
        assertEquals("validation.request.path.missing", monitor.toJson().get(0).get("key").asText());
    }

    @Test
    void conformingRequestIsNotRecorded() {
        monitor.clear();

        boolean checkResponse = monitor.checkRequest("GET", PROFILES, "limit=50", Map.of("Authorization", List.of("token")), null);

        assertTrue(checkResponse);
        assertEquals(0, monitor.toJson().size());
    }

    @Test
    void defaultSpecPathFollowsRepoLayout() {
        String property = System.getProperty(ContractMonitor.SPEC_PATH_PROPERTY);
        Path fromLayout;
        try {
            System.clearProperty(ContractMonitor.SPEC_PATH_PROPERTY);
            fromLayout = ContractMonitor.defaultSpecPath();
        } finally {
            if (property != null) {
                System.setProperty(ContractMonitor.SPEC_PATH_PROPERTY, property);
            }
        }

        assertTrue(fromLayout.endsWith("shared/api/bitrise-ci.json"), fromLayout::toString);
        assertTrue(Files.isRegularFile(fromLayout), fromLayout::toString);
    }
}
