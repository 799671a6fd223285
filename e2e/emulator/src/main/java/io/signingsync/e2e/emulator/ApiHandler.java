package io.signingsync.e2e.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Bitrise API v0.1 file endpoints under /v0.1/apps/{app-slug}/{kind}. */
final class ApiHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    static final String BASE_PATH = "/v0.1";

    private final Store store;
    private final RequestLog requestLog;
    private final Faults faults;
    private final ContractMonitor contract;

    ApiHandler(Store store, RequestLog requestLog, Faults faults, ContractMonitor contract) {
        this.store = store;
        this.requestLog = requestLog;
        this.faults = faults;
        this.contract = contract;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        boolean checkResponse = false;
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requestLog.record("api", exchange, body);
            // Checked before the fault rules, so a request that a fault rule handles is still checked.
            checkResponse = contract.checkRequest(method, rawPath, rawQuery, exchange.getRequestHeaders(), body);
            if (faults.apply("api", exchange)) {
                return;
            }
            Response response = route(exchange, body);
            send(exchange, response.status, response.body, checkResponse);
        } catch (ApiException e) {
            send(exchange, e.status, Json.object().put("message", e.getMessage()), checkResponse);
        } catch (RuntimeException e) {
            LOG.error("Request {} {} failed", method, exchange.getRequestURI(), e);
            send(exchange, 500, Json.object().put("message", "Internal Server Error"), checkResponse);
        }
    }

    /** Sends a response the emulator built, after checking it against the spec when the request matched an operation. */
    private void send(HttpExchange exchange, int status, ObjectNode body, boolean checkResponse) throws IOException {
        byte[] bytes = Json.bytes(body);
        if (checkResponse) {
            contract.checkResponse(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), status, Map.of("Content-Type", List.of(HttpIo.JSON_TYPE)), bytes);
        }
        HttpIo.send(exchange, status, HttpIo.JSON_TYPE, bytes);
    }

    /** A status with the whole JSON body: {"data": item} for one item, {"data": [...], "paging": {...}} for a list. */
    private record Response(int status, ObjectNode body) {
        static Response item(int status, ObjectNode item) {
            ObjectNode body = Json.object();
            body.set("data", item);
            return new Response(status, body);
        }
    }

    private Response route(HttpExchange exchange, byte[] body) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String[] segments = path.substring(BASE_PATH.length()).replaceAll("^/+|/+$", "").split("/");
        // Expected: apps/{app}/{kind}[/{slug}[/uploaded]]
        if (segments.length < 3 || segments.length > 5 || !segments[0].equals("apps")) {
            throw ApiException.notFound();
        }
        Kind kind = Kind.fromPathSegment(segments[2]).orElseThrow(ApiException::notFound);
        AppState app = store.authorize(token(exchange), segments[1]);

        if (segments.length == 3) {
            if (method.equals("GET")) {
                return list(app, kind, exchange.getRequestURI().getRawQuery());
            }
            if (method.equals("POST")) {
                return Response.item(201, store.create(app, kind, Json.parseObject(body)));
            }
            throw ApiException.notFound();
        }
        String slug = segments[3];
        if (segments.length == 5) {
            if (segments[4].equals("uploaded") && method.equals("POST")) {
                return Response.item(200, store.confirm(app, kind, slug));
            }
            throw ApiException.notFound();
        }
        switch (method) {
            case "GET":
                return Response.item(200, store.show(app, kind, slug));
            case "PATCH":
                // The spec has no update endpoint for keystores.
                if (kind == Kind.ANDROID_KEYSTORE) {
                    throw ApiException.notFound();
                }
                return Response.item(200, store.update(app, kind, slug, Json.parseObject(body)));
            case "DELETE":
                // The spec declares v0.ProjectFileStorageResponseModel, the generic file model, for a
                // keystore delete, so this response has no file_sha256 or certificate_sha256_fingerprint
                // even when serveSha256 is on. The emulator follows the spec here.
                Kind responseView = kind == Kind.ANDROID_KEYSTORE ? Kind.GENERIC_PROJECT_FILE : kind;
                return Response.item(200, store.delete(app, kind, slug, responseView));
            default:
                throw ApiException.notFound();
        }
    }

    private Response list(AppState app, Kind kind, String rawQuery) {
        Map<String, String> query = HttpIo.queryParameters(rawQuery);
        Integer limit = null;
        if (query.containsKey("limit")) {
            String value = query.get("limit");
            try {
                limit = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Invalid limit: expected an integer, got " + value);
            }
            if (limit < 1 || limit > Store.MAX_PAGE_SIZE) {
                throw ApiException.badRequest("Invalid limit: must be between 1 and " + Store.MAX_PAGE_SIZE + ", got " + limit);
            }
        }
        String next = query.get("next");
        ObjectNode page = store.list(app, kind, next == null || next.isEmpty() ? null : next, limit);
        return new Response(200, page);
    }

    /**
     * Returns the token of the Authorization header. Current docs send the raw token; codesigndoc
     * still sends "token <token>", which Bitrise accepts. No v0.1 client sends "Bearer".
     */
    private static String token(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || header.isBlank()) {
            return null;
        }
        return header.startsWith("token ") ? header.substring("token ".length()) : header;
    }
}
