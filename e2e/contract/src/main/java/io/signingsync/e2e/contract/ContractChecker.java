package io.signingsync.e2e.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelLoader;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks HTTP requests and responses against the Bitrise API v0.1 spec.
 *
 * <p>swagger-parser converts the Swagger 2.0 file to OpenAPI 3, and Atlassian's
 * swagger-request-validator checks each request and response against that model. The checker reads the spec more strictly than its literal text in some
 * ways and more tolerantly in one:
 * <ul>
 *   <li>An object with declared properties accepts no other field, in request bodies and in
 *       responses, although the spec never says {@code additionalProperties: false}. Objects
 *       declared as a bare {@code type: object} (such as {@code exposed_meta_datastore}) stay free-form.</li>
 *   <li>Every top-level field of a response model ({@code data}, {@code paging}, {@code message}) is required.</li>
 *   <li>Read-only fields whose description contains "null until" or "null when" accept {@code null}.</li>
 *   <li>Query parameters the operation does not declare are violations.</li>
 *   <li>A body sent without a Content-Type header is a violation where the spec declares media types.</li>
 * </ul>
 *
 * <p>The constructor parses and converts the whole spec, so build one instance and reuse it.
 */
public final class ContractChecker {

    private final ContractSpec spec;
    private final OpenApiInteractionValidator validator;
    private final ViolationMessages messages;

    /**
     * Loads the spec at {@code specPath}, a Swagger 2.0 or OpenAPI 3 file in JSON or YAML.
     *
     * @throws java.io.UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if the file is not a valid API spec
     */
    public ContractChecker(Path specPath) {
        this.spec = ContractSpec.load(specPath);
        this.validator = OpenApiInteractionValidator.createFor(spec.openApi())
                .withBasePathOverride(spec.basePath().isEmpty() ? "/" : spec.basePath())
                .withStrictOperationPathMatching()
                .withLevelResolver(levels())
                .build();
        this.messages = new ViolationMessages(spec);
    }

    /** Base path that every request path must start with, "/v0.1" for the Bitrise spec. */
    public String basePath() {
        return spec.basePath();
    }

    /**
     * Checks one request.
     *
     * @param method HTTP method, any case
     * @param pathWithBasePath request path as sent, starting with {@link #basePath()}, without the query string
     * @param rawQuery query string without the leading '?', still percent-encoded, or null or empty for none
     * @param headers request headers, with names matched case-insensitively
     * @param body request body as text, or null or empty for none
     * @return the violations found, empty when the request conforms
     */
    public List<Violation> checkRequest(String method, String pathWithBasePath, String rawQuery,
            Map<String, List<String>> headers, String body) {
        String upperMethod = method.toUpperCase(Locale.ROOT);
        Optional<Violation> unusable = checkMethodAndBasePath(upperMethod, pathWithBasePath);
        if (unusable.isPresent()) {
            return List.of(unusable.get());
        }
        Request.Method parsedMethod = Request.Method.valueOf(upperMethod);

        SimpleRequest.Builder request = new SimpleRequest.Builder(parsedMethod, pathWithBasePath);
        parseQuery(rawQuery).forEach(request::withQueryParam);
        if (headers != null) {
            headers.forEach(request::withHeader);
        }
        if (body != null && !body.isEmpty()) {
            request.withBody(body);
        }

        ValidationReport report = validator.validateRequest(request.build());
        List<Violation> violations = new ArrayList<>(messages.toViolations(upperMethod, pathWithBasePath, report, null));
        spec.findOperation(pathWithBasePath, upperMethod)
                .filter(operation -> operation.getRequestBody() != null)
                .map(operation -> operation.getRequestBody().getContent())
                .flatMap(content -> missingContentType(upperMethod, pathWithBasePath, headers, body, content, ""))
                .ifPresent(violations::add);
        return violations;
    }

    /**
     * Checks one response to a request with the given method and path.
     *
     * @param method HTTP method of the request, any case
     * @param pathWithBasePath request path as sent, starting with {@link #basePath()}, without the query string
     * @param status HTTP status code of the response
     * @param headers response headers, with names matched case-insensitively
     * @param body response body as text, or null or empty for none
     * @return the violations found, empty when the response conforms
     */
    public List<Violation> checkResponse(String method, String pathWithBasePath, int status,
            Map<String, List<String>> headers, String body) {
        String upperMethod = method.toUpperCase(Locale.ROOT);
        Optional<Violation> unusable = checkMethodAndBasePath(upperMethod, pathWithBasePath);
        if (unusable.isPresent()) {
            return List.of(unusable.get());
        }
        Request.Method parsedMethod = Request.Method.valueOf(upperMethod);

        SimpleResponse.Builder response = new SimpleResponse.Builder(status);
        if (headers != null) {
            headers.forEach(response::withHeader);
        }
        if (body != null && !body.isEmpty()) {
            response.withBody(body);
        }

        ValidationReport report = validator.validateResponse(pathWithBasePath, parsedMethod, response.build());
        List<Violation> violations = new ArrayList<>(messages.toViolations(upperMethod, pathWithBasePath, report, status));
        spec.findOperation(pathWithBasePath, upperMethod)
                .filter(operation -> operation.getResponses() != null)
                .map(operation -> operation.getResponses().get(String.valueOf(status)))
                .map(ApiResponse::getContent)
                .flatMap(content -> missingContentType(upperMethod, pathWithBasePath, headers, body, content,
                        "response " + status + ": "))
                .ifPresent(violations::add);
        return violations;
    }

    /**
     * Levels for the validator's message keys. A loader that loads nothing replaces the library's
     * default chain, so a ".swagger-validator" file or "swagger.*" system property on the machine
     * running the tests cannot weaken the contract.
     */
    private static LevelResolver levels() {
        LevelLoader noExternalLevels = new LevelLoader() {
            @Override
            public Map<String, ValidationReport.Level> loadLevels() {
                return Map.of();
            }

            @Override
            public Optional<ValidationReport.Level> defaultLevel() {
                return Optional.empty();
            }
        };
        return LevelResolver.create()
                .withLoader(noExternalLevels)
                .withDefaultLevel(ValidationReport.Level.ERROR)
                .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
                .withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.ERROR)
                .build();
    }

    /**
     * Reports a body sent without a Content-Type header where the spec declares media types. The
     * validator checks a Content-Type that is present but skips the check when the header is absent.
     */
    private Optional<Violation> missingContentType(String method, String path, Map<String, List<String>> headers,
            String body, Map<String, MediaType> declared, String prefix) {
        if (body == null || body.isEmpty() || declared == null || declared.isEmpty() || hasHeader(headers, "Content-Type")) {
            return Optional.empty();
        }
        String side = prefix.isEmpty() ? "validation.request" : "validation.response";
        return Optional.of(new Violation(method, path,
                spec.matchPathTemplate(path.substring(spec.basePath().length())).map(found -> spec.basePath() + found).orElse(null),
                prefix + "Content-Type header is missing, but the body must be " + String.join(" or ", declared.keySet()),
                side + ".contentType.missing"));
    }

    private static boolean hasHeader(Map<String, List<String>> headers, String name) {
        return headers != null && headers.entrySet().stream()
                .anyMatch(entry -> entry.getKey() != null && entry.getKey().equalsIgnoreCase(name)
                        && entry.getValue() != null && !entry.getValue().isEmpty());
    }

    /** Reports a method the validator cannot model or a path outside the base path, before validation. */
    private Optional<Violation> checkMethodAndBasePath(String method, String path) {
        String base = spec.basePath();
        if (path == null || !path.startsWith("/")) {
            return Optional.of(new Violation(method, String.valueOf(path), null,
                    "path must start with '/' and the base path " + base, "validation.request.path.missing"));
        }
        if (!base.isEmpty() && !path.equals(base) && !path.startsWith(base + "/")) {
            return Optional.of(new Violation(method, path, null,
                    "path is outside the API base path " + base, "validation.request.path.missing"));
        }
        boolean knownMethod = Arrays.stream(Request.Method.values())
                .anyMatch(value -> value.name().equals(method));
        if (!knownMethod) {
            return Optional.of(new Violation(method, path, null,
                    "method " + method + " is not an HTTP method that OpenAPI can describe",
                    "validation.request.operation.notAllowed"));
        }
        return Optional.empty();
    }

    /** Splits a raw query string into decoded names and values, keeping repeated names in order. */
    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
