package io.signingsync.e2e.contract;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loaded API spec: the Swagger 2.0 file converted to OpenAPI 3 by swagger-parser, with
 * {@link SchemaAdjustments} applied, plus the look-ups that violation messages need.
 */
final class ContractSpec {

    private static final String COMPONENT_REF_PREFIX = "#/components/schemas/";

    private final OpenAPI openApi;
    private final String basePath;

    private ContractSpec(OpenAPI openApi, String basePath) {
        this.openApi = openApi;
        this.basePath = basePath;
    }

    /**
     * Reads the spec file at {@code specPath}. The parser gets the file's text with no location,
     * so it resolves only references inside the file and never opens a URL.
     *
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if the file is not a valid API spec
     */
    static ContractSpec load(Path specPath) {
        String text;
        try {
            text = Files.readString(specPath);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read the API spec " + specPath.toAbsolutePath(), e);
        }

        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(text, null, options);
        OpenAPI openApi = result.getOpenAPI();
        if (openApi == null || openApi.getPaths() == null || openApi.getPaths().isEmpty()) {
            throw new IllegalArgumentException("Invalid API spec " + specPath.toAbsolutePath()
                    + ": swagger-parser found no paths. Parser messages: " + result.getMessages());
        }

        SchemaAdjustments.apply(openApi);
        return new ContractSpec(openApi, basePathOf(openApi));
    }

    OpenAPI openApi() {
        return openApi;
    }

    /** Base path taken from the first server URL ("/v0.1" for Bitrise), or "" when the spec has none. */
    String basePath() {
        return basePath;
    }

    /**
     * Finds the spec path template (without the base path) that a request path matches, where
     * each "{name}" matches one non-empty path segment. When several templates match, the one
     * with the most literal segments wins, as in OpenAPI's own matching rule.
     */
    Optional<String> matchPathTemplate(String pathWithoutBase) {
        String best = null;
        int bestLiteralSegments = -1;
        for (String template : openApi.getPaths().keySet()) {
            if (templatePattern(template).matcher(pathWithoutBase).matches()) {
                int literalSegments = (int) List.of(template.split("/")).stream()
                        .filter(segment -> !segment.startsWith("{")).count();
                if (literalSegments > bestLiteralSegments) {
                    best = template;
                    bestLiteralSegments = literalSegments;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Returns the operation declared for a request path (with the base path) and an upper-case method. */
    Optional<Operation> findOperation(String pathWithBasePath, String method) {
        if (!pathWithBasePath.startsWith(basePath)) {
            return Optional.empty();
        }
        return matchPathTemplate(pathWithBasePath.substring(basePath.length()))
                .map(template -> openApi.getPaths().get(template).readOperationsMap())
                .flatMap(operations -> operations.entrySet().stream()
                        .filter(entry -> entry.getKey().name().equals(method))
                        .map(Map.Entry::getValue)
                        .findFirst());
    }

    /** Returns the methods declared for a path template, upper case, in the spec's order. */
    List<String> declaredMethods(String template) {
        PathItem pathItem = openApi.getPaths().get(template);
        if (pathItem == null) {
            return List.of();
        }
        return pathItem.readOperationsMap().keySet().stream()
                .map(method -> method.name().toUpperCase(Locale.ROOT))
                .collect(Collectors.toList());
    }

    /** Describes one security scheme, for example "header 'Authorization' (PersonalAccessToken)". */
    String describeSecurityScheme(String schemeName) {
        if (openApi.getComponents() == null || openApi.getComponents().getSecuritySchemes() == null) {
            return schemeName;
        }
        var scheme = openApi.getComponents().getSecuritySchemes().get(schemeName);
        if (scheme == null || scheme.getName() == null || scheme.getIn() == null) {
            return schemeName;
        }
        return scheme.getIn() + " '" + scheme.getName() + "' (" + schemeName + ")";
    }

    /** Returns the component name a {@code $ref} points to, or null for anything else. */
    static String componentName(String ref) {
        return ref != null && ref.startsWith(COMPONENT_REF_PREFIX)
                ? ref.substring(COMPONENT_REF_PREFIX.length())
                : null;
    }

    /** Returns the name of the component schema a request or response body refers to, or null when it is inline. */
    static String bodyModelName(Map<String, io.swagger.v3.oas.models.media.MediaType> content) {
        if (content == null) {
            return null;
        }
        return content.values().stream()
                .map(mediaType -> mediaType.getSchema() == null ? null : componentName(mediaType.getSchema().get$ref()))
                .filter(name -> name != null)
                .findFirst()
                .orElse(null);
    }

    private static Pattern templatePattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=\\})")) {
            if (part.startsWith("{") && part.endsWith("}")) {
                regex.append("[^/]+");
            } else {
                regex.append(Pattern.quote(part));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static String basePathOf(OpenAPI openApi) {
        List<Server> servers = openApi.getServers();
        if (servers == null || servers.isEmpty() || servers.get(0).getUrl() == null) {
            return "";
        }
        String path = URI.create(servers.get(0).getUrl()).getPath();
        if (path == null || path.equals("/")) {
            return "";
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
