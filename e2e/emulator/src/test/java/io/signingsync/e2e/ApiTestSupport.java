package io.signingsync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Shortcuts for tests that call the emulated Bitrise API directly. */
final class ApiTestSupport {
    private ApiTestSupport() {
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return AdminClient.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON: " + response.body(), e);
        }
    }

    static HttpResponse<String> get(TestEmulator emulator, String path) {
        return Http.send(Http.api(URI.create(emulator.apiUri() + path), emulator.token()).GET().build());
    }

    static HttpResponse<String> sendJson(TestEmulator emulator, String method, String path, String body) {
        return Http.send(Http.api(URI.create(emulator.apiUri() + path), emulator.token())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : Http.json(body))
                .build());
    }

    static String appPath(TestEmulator emulator, String kind) {
        return "/apps/" + emulator.appSlug() + "/" + kind;
    }

    /** Creates a record through the API and returns its "data" item, upload_url included. */
    static JsonNode create(TestEmulator emulator, String kind, String body) {
        HttpResponse<String> response = sendJson(emulator, "POST", appPath(emulator, kind), body);
        assertEquals(201, response.statusCode(), response.body());
        return json(response).get("data");
    }

    static HttpResponse<String> put(String url, byte[] content) {
        return Http.send(Http.request(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build());
    }
}
