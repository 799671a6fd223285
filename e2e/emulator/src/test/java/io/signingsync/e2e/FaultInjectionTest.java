package io.signingsync.e2e;

import static io.signingsync.e2e.ApiTestSupport.appPath;
import static io.signingsync.e2e.ApiTestSupport.create;
import static io.signingsync.e2e.ApiTestSupport.get;
import static io.signingsync.e2e.ApiTestSupport.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmulatorExtension.class)
class FaultInjectionTest {
    @Test
    void respondFiresGivenTimes(TestEmulator emulator) {
        emulator.admin().addFault(FaultRule.api("GET", "/provisioning-profiles$")
                .respond(429, "{\"message\":\"slow down\"}").header("Retry-After", "1").times(2).toJson());
        String path = appPath(emulator, "provisioning-profiles");
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> first = get(emulator, path);
        statuses.add(first.statusCode());
        statuses.add(get(emulator, path).statusCode());
        statuses.add(get(emulator, path).statusCode());
        assertEquals(List.of(429, 429, 200), statuses);
        assertEquals("1", first.headers().firstValue("Retry-After").orElse(null));
        JsonNode rule = emulator.admin().faults().get(0);
        assertEquals(3, rule.get("matched").asInt());
        assertEquals(2, rule.get("fired").asInt());
    }

    @Test
    void nthMatchFires(TestEmulator emulator) {
        emulator.admin().addFault(FaultRule.api(null, "/build-certificates").nth(2).respond(500, "{\"message\":\"boom\"}").toJson());
        String path = appPath(emulator, "build-certificates");
        assertEquals(200, get(emulator, path).statusCode());
        assertEquals(500, get(emulator, path).statusCode());
        assertEquals(200, get(emulator, path).statusCode());
    }

    @Test
    void methodMustMatch(TestEmulator emulator) {
        emulator.admin().addFault(FaultRule.api("POST", "/provisioning-profiles").respond(500, "").times(0).toJson());
        assertEquals(200, get(emulator, appPath(emulator, "provisioning-profiles")).statusCode());
    }

    @Test
    void dropClosesConnection(TestEmulator emulator) {
        // The JDK client retries a GET once after a dropped connection, so the rule drops every match.
        emulator.admin().addFault(FaultRule.api("GET", "/provisioning-profiles").drop().times(0).toJson());
        assertThrows(UncheckedIOException.class, () -> get(emulator, appPath(emulator, "provisioning-profiles")));
        assertTrue(emulator.admin().faults().get(0).get("fired").asInt() >= 1);
        emulator.admin().clearFaults();
        assertEquals(200, get(emulator, appPath(emulator, "provisioning-profiles")).statusCode());
    }

    @Test
    void redirectPointsAtTrap(TestEmulator emulator) {
        String trap = emulator.trapUri() + "/v0.1/apps/" + emulator.appSlug() + "/provisioning-profiles";
        emulator.admin().addFault(FaultRule.api("GET", "/provisioning-profiles").redirect(302, trap).toJson());
        HttpResponse<String> response = get(emulator, appPath(emulator, "provisioning-profiles"));
        assertEquals(302, response.statusCode());
        assertEquals(trap, response.headers().firstValue("Location").orElse(null));
        // Following the redirect by hand shows what the trap records.
        Http.send(Http.request(URI.create(trap)).header("Authorization", "leaked").GET().build());
        List<JsonNode> trapped = emulator.admin().trapRequests();
        assertEquals(1, trapped.size());
        assertEquals("leaked", trapped.get(0).get("headers").get("Authorization").get(0).asText());
    }

    @Test
    void s3FaultAnswersExpiredXml(TestEmulator emulator) {
        String expired = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>"
                + "<Message>Request has expired</Message></Error>";
        emulator.admin().addFault(FaultRule.s3("PUT", ".*").respond(403, expired).header("Content-Type", "application/xml").toJson());
        JsonNode item = create(emulator, "provisioning-profiles", "{\"upload_file_name\":\"a\",\"upload_file_size\":2}");
        HttpResponse<String> first = put(item.get("upload_url").asText(), new byte[] {1, 2});
        assertEquals(403, first.statusCode());
        assertTrue(first.body().contains("Request has expired"));
        assertEquals(200, put(item.get("upload_url").asText(), new byte[] {1, 2}).statusCode());
    }

    @Test
    void delayAndLatencySlowRequests(TestEmulator emulator) {
        emulator.admin().addFault(FaultRule.api("GET", "/provisioning-profiles").delay(300).toJson());
        long started = System.nanoTime();
        assertEquals(200, get(emulator, appPath(emulator, "provisioning-profiles")).statusCode());
        assertTrue((System.nanoTime() - started) / 1_000_000 >= 300);

        emulator.admin().setLatencyMillis(200);
        started = System.nanoTime();
        assertEquals(200, get(emulator, appPath(emulator, "build-certificates")).statusCode());
        assertTrue((System.nanoTime() - started) / 1_000_000 >= 200);
    }
}
