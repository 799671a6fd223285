package io.signingsync.e2e.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Fault injection rules for the API server and the S3 front, plus the fixed latency of every request. */
final class Faults {
    enum Action { RESPOND, DROP, DELAY, REDIRECT }

    /** A rule fires on the {@code nth} matching request and the following ones, {@code times} times in all (0 = no limit). */
    static final class Rule {
        final long id;
        final String target;
        final String method;
        final Pattern pathPattern;
        final int nth;
        final int times;
        final Action action;
        final int status;
        final Map<String, String> headers;
        final String body;
        final long delayMillis;
        final String location;
        int matched;
        int fired;

        Rule(long id, ObjectNode spec) {
            this.id = id;
            this.target = text(spec, "target", "api");
            if (!target.equals("api") && !target.equals("s3")) {
                throw ApiException.badRequest("Invalid target: expected api or s3, got " + target);
            }
            this.method = text(spec, "method", null);
            try {
                this.pathPattern = Pattern.compile(text(spec, "pathRegex", ".*"));
            } catch (PatternSyntaxException e) {
                throw ApiException.badRequest("Invalid pathRegex: " + e.getMessage());
            }
            this.nth = spec.path("nth").asInt(1);
            this.times = spec.path("times").asInt(1);
            try {
                this.action = Action.valueOf(text(spec, "action", "respond").toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("Invalid action: expected respond, drop, delay or redirect");
            }
            this.status = spec.path("status").asInt(action == Action.REDIRECT ? 307 : 500);
            this.headers = new LinkedHashMap<>();
            spec.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            this.body = text(spec, "body", "");
            this.delayMillis = spec.path("delayMillis").asLong(0);
            this.location = text(spec, "location", null);
            if (action == Action.REDIRECT && location == null) {
                throw ApiException.badRequest("A redirect rule needs a location");
            }
        }

        boolean matches(String requestTarget, String requestMethod, String rawPath) {
            return target.equals(requestTarget)
                    && (method == null || method.equalsIgnoreCase(requestMethod))
                    && pathPattern.matcher(rawPath).find();
        }

        ObjectNode toJson() {
            ObjectNode json = Json.object();
            json.put("id", id);
            json.put("target", target);
            json.put("method", method);
            json.put("pathRegex", pathPattern.pattern());
            json.put("nth", nth);
            json.put("times", times);
            json.put("action", action.name().toLowerCase(java.util.Locale.ROOT));
            json.put("status", status);
            ObjectNode headersJson = json.putObject("headers");
            headers.forEach(headersJson::put);
            json.put("body", body);
            json.put("delayMillis", delayMillis);
            json.put("location", location);
            json.put("matched", matched);
            json.put("fired", fired);
            return json;
        }

        private static String text(ObjectNode spec, String field, String fallback) {
            JsonNode node = spec.get(field);
            return node == null || node.isNull() ? fallback : node.asText();
        }
    }

    private final List<Rule> rules = new ArrayList<>();
    private long nextId = 1;
    private volatile long latencyMillis;

    long latencyMillis() {
        return latencyMillis;
    }

    void setLatencyMillis(long millis) {
        this.latencyMillis = millis;
    }

    synchronized ObjectNode add(ObjectNode spec) {
        Rule rule = new Rule(nextId++, spec);
        rules.add(rule);
        return rule.toJson();
    }

    synchronized ArrayNode toJson() {
        ArrayNode array = Json.MAPPER.createArrayNode();
        rules.forEach(rule -> array.add(rule.toJson()));
        return array;
    }

    synchronized void clear() {
        rules.clear();
        latencyMillis = 0;
    }

    /**
     * Applies the fixed latency and the first rule that fires for this request. Returns true when
     * a rule sent a response or dropped the connection, so the caller must not handle it any further.
     */
    boolean apply(String target, HttpExchange exchange) throws IOException {
        HttpIo.sleep(latencyMillis);
        Rule rule = firingRule(target, exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
        if (rule == null) {
            return false;
        }
        HttpIo.sleep(rule.delayMillis);
        switch (rule.action) {
            case DELAY:
                return false;
            case DROP:
                // Closing an exchange before sending headers closes the TCP connection, so the
                // client sees the connection end without any response.
                exchange.close();
                return true;
            case REDIRECT:
                exchange.getResponseHeaders().set("Location", rule.location);
                rule.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                HttpIo.send(exchange, rule.status, null, rule.body.getBytes(StandardCharsets.UTF_8));
                return true;
            case RESPOND:
            default:
                rule.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                HttpIo.send(exchange, rule.status, null, rule.body.getBytes(StandardCharsets.UTF_8));
                return true;
        }
    }

    private synchronized Rule firingRule(String target, String method, String rawPath) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext();) {
            Rule rule = it.next();
            if (!rule.matches(target, method, rawPath)) {
                continue;
            }
            rule.matched++;
            boolean due = rule.matched >= rule.nth && (rule.times <= 0 || rule.fired < rule.times);
            if (due) {
                rule.fired++;
                return rule;
            }
        }
        return null;
    }
}
