package io.signingsync.e2e.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The emulator's own control API under /_emulator/, without authentication. Reference: e2e/emulator/README.md. */
final class AdminHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    static final String BASE_PATH = "/_emulator";

    private final Emulator emulator;

    AdminHandler(Emulator emulator) {
        this.emulator = emulator;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath().substring(BASE_PATH.length()).replaceAll("/+$", "");
            JsonNode response = route(method, path, exchange.getRequestURI().getRawQuery(), body);
            HttpIo.sendJson(exchange, method.equals("POST") && path.startsWith("/apps") ? 201 : 200, response);
        } catch (ApiException e) {
            HttpIo.sendMessage(exchange, e.status, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Admin request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            HttpIo.sendMessage(exchange, 500, "Admin request failed: " + e);
        }
    }

    private JsonNode route(String method, String path, String rawQuery, byte[] body) {
        String[] segments = path.replaceAll("^/+", "").split("/");
        String route = method + " " + segments[0];
        switch (route) {
            case "GET info":
                return emulator.info();
            case "POST reset":
                emulator.reset();
                return Json.object().put("reset", true);
            case "GET state":
                return emulator.store.state();
            case "GET requests":
                return emulator.requestLog.toJson(HttpIo.queryParameters(rawQuery).get("target"));
            case "DELETE requests":
                emulator.requestLog.clear();
                return Json.object().put("cleared", true);
            case "GET contract-violations":
                return emulator.contract.toJson();
            case "DELETE contract-violations":
                emulator.contract.clear();
                return Json.object().put("cleared", true);
            case "GET trap":
                return emulator.trap.requests.toJson(null);
            case "GET issued-secrets":
                return issuedSecrets();
            case "GET config":
                return config();
            case "PUT config":
                return updateConfig(Json.parseObject(body));
            case "GET faults":
                return emulator.faults.toJson();
            case "POST faults":
                return emulator.faults.add(Json.parseObject(body));
            case "DELETE faults":
                emulator.faults.clear();
                return Json.object().put("cleared", true);
            case "POST apps":
                return segments.length == 1 ? registerApp(Json.parseObject(body)) : seed(segments, Json.parseObject(body));
            default:
                throw new ApiException(404, "Unknown admin route: " + method + " " + BASE_PATH + path);
        }
    }

    private JsonNode registerApp(ObjectNode body) {
        String slug = body.path("slug").asText(null);
        String token = body.path("token").asText(null);
        if (slug == null || slug.isEmpty() || token == null || token.isEmpty()) {
            throw ApiException.badRequest("slug and token are required");
        }
        boolean serveSha256 = body.path("serveSha256").asBoolean(false);
        emulator.store.registerApp(slug, token, serveSha256);
        return Json.object().put("slug", slug).put("token", token).put("serveSha256", serveSha256);
    }

    /** POST /_emulator/apps/{app}/{kind} with the record's fields and optional "content_base64". */
    private JsonNode seed(String[] segments, ObjectNode spec) {
        if (segments.length != 3) {
            throw new ApiException(404, "Expected /_emulator/apps/{app-slug}/{kind}");
        }
        Kind kind = Kind.fromPathSegment(segments[2])
                .orElseThrow(() -> ApiException.badRequest("Unknown kind: " + segments[2]));
        byte[] content = null;
        if (spec.hasNonNull("content_base64")) {
            try {
                content = Base64.getDecoder().decode(spec.get("content_base64").asText());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("Invalid content_base64: " + e.getMessage());
            }
        }
        return emulator.store.seed(segments[1], kind, spec, content);
    }

    private JsonNode issuedSecrets() {
        ObjectNode secrets = Json.object();
        ArrayNode signatures = secrets.putArray("signatures");
        emulator.storage.issuedSignatures().forEach(signatures::add);
        ArrayNode credentials = secrets.putArray("credentials");
        emulator.storage.issuedCredentials().forEach(credentials::add);
        return secrets;
    }

    private JsonNode config() {
        return Json.object()
                .put("presignExpirySeconds", emulator.store.presignExpiry().toSeconds())
                .put("latencyMillis", emulator.faults.latencyMillis());
    }

    private JsonNode updateConfig(ObjectNode body) {
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) body::fields) {
            switch (field.getKey()) {
                case "presignExpirySeconds" -> {
                    long seconds = field.getValue().asLong(-1);
                    // S3 accepts 1 s to 7 days (604800 s) in X-Amz-Expires.
                    if (seconds < 1 || seconds > 604_800) {
                        throw ApiException.badRequest("presignExpirySeconds must be between 1 and 604800");
                    }
                    emulator.store.setPresignExpiry(Duration.ofSeconds(seconds));
                }
                case "latencyMillis" -> emulator.faults.setLatencyMillis(Math.max(0, field.getValue().asLong(0)));
                default -> throw ApiException.badRequest("Unknown config field: " + field.getKey());
            }
        }
        return config();
    }
}
