package io.signingsync.e2e.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
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

    ApiHandler(Store store, RequestLog requestLog, Faults faults) {
        this.store = store;
        this.requestLog = requestLog;
        this.faults = faults;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requestLog.record("api", exchange, body);
            if (faults.apply("api", exchange)) {
                return;
            }
            Response response = route(exchange, body);
            HttpIo.sendJson(exchange, response.status, response.body);
        } catch (ApiException e) {
            HttpIo.sendMessage(exchange, e.status, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            HttpIo.sendMessage(exchange, 500, "Internal Server Error");
        }
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
                // The spec returns a keystore delete as the generic project file model.
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
