package io.signingsync.e2e.contract;

import java.util.Objects;

/**
 * One way in which a request or a response breaks the API spec.
 *
 * @param method HTTP method of the request, upper case
 * @param path request path as sent, including the base path and without the query string
 * @param pathTemplate spec path the request matched, including the base path (for example
 *     "/v0.1/apps/{app-slug}/provisioning-profiles"), or null when no spec path matched
 * @param rule what is wrong, in plain words
 * @param key message key of swagger-request-validator (for example
 *     "validation.request.body.schema.additionalProperties"), or one the checker adds in the same
 *     form ("validation.request.contentType.missing", "validation.response.contentType.missing")
 */
public record Violation(String method, String path, String pathTemplate, String rule, String key) {

    public Violation {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(key, "key");
    }

    /** Returns "METHOD path: rule", using the spec path template when the request matched one. */
    @Override
    public String toString() {
        return method + " " + (pathTemplate != null ? pathTemplate : path) + ": " + rule;
    }
}
