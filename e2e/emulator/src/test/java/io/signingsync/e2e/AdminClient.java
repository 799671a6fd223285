package io.signingsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A client for the emulator's admin API (/_emulator/...). Every call fails the test on a non-2xx response. */
public final class AdminClient {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;

    public AdminClient(URI base) {
        this.base = base;
    }

    public JsonNode info() {
        return call("GET", "/info", null);
    }

    public void reset() {
        call("POST", "/reset", null);
    }

    public void registerApp(String appSlug, String token, boolean serveSha256) {
        call("POST", "/apps", object().put("slug", appSlug).put("token", token).put("serveSha256", serveSha256));
    }

    /** Returns {"apps": {slug: {"tokens", "serveSha256", "records": {kind: [full record]}}}}. */
    public JsonNode state() {
        return call("GET", "/state", null);
    }

    /** Returns the full records of one app and kind ("provisioning-profiles", ...). */
    public List<JsonNode> records(String appSlug, String kind) {
        List<JsonNode> records = new ArrayList<>();
        state().path("apps").path(appSlug).path("records").path(kind).forEach(records::add);
        return records;
    }

    /** Returns recorded requests of "api", "s3", or of both when {@code target} is null. */
    public List<JsonNode> requests(String target) {
        List<JsonNode> requests = new ArrayList<>();
        call("GET", "/requests" + (target == null ? "" : "?target=" + target), null).forEach(requests::add);
        return requests;
    }

    public void clearRequests() {
        call("DELETE", "/requests", null);
    }

    /**
     * Returns the contract violations since the last reset, oldest first: {seq, side ("request" or
     * "response"), method, path, query, pathTemplate, rule, key, message}.
     */
    public List<JsonNode> contractViolations() {
        List<JsonNode> violations = new ArrayList<>();
        call("GET", "/contract-violations", null).forEach(violations::add);
        return violations;
    }

    public void clearContractViolations() {
        call("DELETE", "/contract-violations", null);
    }

    public List<JsonNode> trapRequests() {
        List<JsonNode> requests = new ArrayList<>();
        call("GET", "/trap", null).forEach(requests::add);
        return requests;
    }

    /** Returns {"signatures": [...], "credentials": [...]} of every URL the emulator signed since the last reset. */
    public JsonNode issuedSecrets() {
        return call("GET", "/issued-secrets", null);
    }

    /**
     * Adds a record without the API. {@code fields} takes the API field names plus optional
     * "slug"; {@code content}, if not null, is stored in S3 under the record's key.
     */
    public JsonNode seed(String appSlug, String kind, ObjectNode fields, byte[] content) {
        ObjectNode spec = fields.deepCopy();
        if (content != null) {
            spec.put("content_base64", Base64.getEncoder().encodeToString(content));
        }
        return call("POST", "/apps/" + appSlug + "/" + kind, spec);
    }

    public void setPresignExpirySeconds(long seconds) {
        call("PUT", "/config", object().put("presignExpirySeconds", seconds));
    }

    public void setLatencyMillis(long millis) {
        call("PUT", "/config", object().put("latencyMillis", millis));
    }

    /** Adds a fault rule; see {@link FaultRule} for a builder. Returns the rule with its id. */
    public JsonNode addFault(ObjectNode rule) {
        return call("POST", "/faults", rule);
    }

    /** Returns the rules with their "matched" and "fired" counters. */
    public JsonNode faults() {
        return call("GET", "/faults", null);
    }

    public void clearFaults() {
        call("DELETE", "/faults", null);
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    private JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : Http.json(body.toString());
        HttpRequest request = Http.request(URI.create(base + path))
                .header("Content-Type", "application/json")
                .method(method, publisher)
                .build();
        HttpResponse<String> response = Http.send(request);
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Admin call " + method + " " + path + " failed with "
                    + response.statusCode() + ": " + response.body());
        }
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Admin call " + method + " " + path + " returned invalid JSON", e);
        }
    }
}
