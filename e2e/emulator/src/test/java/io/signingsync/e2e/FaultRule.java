package io.signingsync.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds fault rules for {@link AdminClient#addFault}. A rule matches requests to one server
 * ("api" or "s3") by method and a regex searched in the raw path; it fires on the nth match and
 * the following ones, {@code times} times in all (0 = every time).
 */
public final class FaultRule {
    private final ObjectNode json = AdminClient.object();

    private FaultRule(String target, String method, String pathRegex) {
        json.put("target", target);
        if (method != null) {
            json.put("method", method);
        }
        json.put("pathRegex", pathRegex);
    }

    public static FaultRule api(String method, String pathRegex) {
        return new FaultRule("api", method, pathRegex);
    }

    public static FaultRule s3(String method, String pathRegex) {
        return new FaultRule("s3", method, pathRegex);
    }

    public FaultRule nth(int nth) {
        json.put("nth", nth);
        return this;
    }

    public FaultRule times(int times) {
        json.put("times", times);
        return this;
    }

    /** Sends {@code status} with the body; add headers with {@link #header}. */
    public FaultRule respond(int status, String body) {
        json.put("action", "respond").put("status", status).put("body", body);
        return this;
    }

    public FaultRule header(String name, String value) {
        json.withObjectProperty("headers").put(name, value);
        return this;
    }

    /** Closes the connection without any response. */
    public FaultRule drop() {
        json.put("action", "drop");
        return this;
    }

    /** Waits, then handles the request normally. With respond or drop, waits before those. */
    public FaultRule delay(long millis) {
        if (!json.has("action")) {
            json.put("action", "delay");
        }
        json.put("delayMillis", millis);
        return this;
    }

    public FaultRule redirect(int status, String location) {
        json.put("action", "redirect").put("status", status).put("location", location);
        return this;
    }

    public ObjectNode toJson() {
        return json.deepCopy();
    }
}
