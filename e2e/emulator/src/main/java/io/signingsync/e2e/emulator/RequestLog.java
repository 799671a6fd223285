package io.signingsync.e2e.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Requests received by one of the emulator's servers, with headers (Authorization included) and body. */
final class RequestLog {
    private final List<ObjectNode> entries = new ArrayList<>();
    private long sequence;

    /** Records a request; {@code target} names the server: "api", "s3" or "trap". */
    synchronized void record(String target, HttpExchange exchange, byte[] body) {
        ObjectNode entry = Json.object();
        entry.put("seq", ++sequence);
        entry.put("target", target);
        entry.put("timeMillis", System.currentTimeMillis());
        entry.put("method", exchange.getRequestMethod());
        entry.put("path", exchange.getRequestURI().getRawPath());
        entry.put("query", exchange.getRequestURI().getRawQuery());
        ObjectNode headers = entry.putObject("headers");
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            ArrayNode values = headers.putArray(header.getKey());
            header.getValue().forEach(values::add);
        }
        // Binary uploads become lossy text, which is enough to search them for leaked secrets.
        entry.put("body", new String(body, StandardCharsets.UTF_8));
        entry.put("bodyLength", body.length);
        entries.add(entry);
    }

    /** Returns the entries of {@code target}, or all entries when it is null. */
    synchronized ArrayNode toJson(String target) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (ObjectNode entry : entries) {
            if (target == null || target.equals(entry.get("target").asText())) {
                array.add(entry.deepCopy());
            }
        }
        return array;
    }

    synchronized void clear() {
        entries.clear();
    }
}
