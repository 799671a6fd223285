package io.signingsync.e2e.contract;

import com.atlassian.oai.validator.model.ApiOperation;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.report.ValidationReport.Message;
import com.atlassian.oai.validator.report.ValidationReport.MessageContext;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the validator's report into {@link Violation}s worded in plain terms: which field, which
 * model, what was expected. For other keys the violation keeps the validator's message text.
 */
final class ViolationMessages {

    private static final String COMPONENTS_POINTER = "/components/schemas/";
    /** The "[Path '/data/slug'] " prefix the validator puts before schema messages. */
    private static final Pattern PATH_PREFIX = Pattern.compile("^\\[Path '[^']*'\\]\\s*");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern FOUND_TYPE = Pattern.compile("type \\((\\w+)\\)");
    private static final Pattern LIMIT = Pattern.compile("(maximum|minimum): ([^,]+), found: ([^)]+)\\)");

    private final ContractSpec spec;

    ViolationMessages(ContractSpec spec) {
        this.spec = spec;
    }

    /**
     * Converts every ERROR message of {@code report}. Messages at lower levels are not violations.
     *
     * @param responseStatus status of the checked response, or null when a request was checked
     */
    List<Violation> toViolations(String method, String path, ValidationReport report, Integer responseStatus) {
        List<Violation> violations = new ArrayList<>();
        for (Message message : report.getMessages()) {
            if (message.getLevel() == ValidationReport.Level.ERROR) {
                addViolations(method, path, message, responseStatus, violations);
            }
        }
        return violations;
    }

    private void addViolations(String method, String path, Message message, Integer responseStatus,
            List<Violation> violations) {
        // Combinators such as allOf report a summary with the real causes nested under it.
        if (!message.getNestedMessages().isEmpty()) {
            for (Message nested : message.getNestedMessages()) {
                addViolations(method, path, nested.withAdditionalContext(context(message)), responseStatus, violations);
            }
            return;
        }

        MessageContext context = context(message);
        Optional<ApiOperation> operation = context.getApiOperation();
        String key = message.getKey();
        // The validator names no operation when the method is wrong, so match the path here.
        Optional<String> template = key.equals("validation.request.operation.notAllowed")
                ? spec.matchPathTemplate(path.substring(spec.basePath().length()))
                : operation.map(op -> op.getApiPath().original());
        String prefix = responseStatus == null ? "" : "response " + responseStatus + ": ";

        for (String rule : rules(key, message, context, operation, method, path, template, responseStatus)) {
            violations.add(new Violation(method, path, template.map(found -> spec.basePath() + found).orElse(null),
                    prefix + rule, key));
        }
    }

    private List<String> rules(String key, Message message, MessageContext context, Optional<ApiOperation> operation,
            String method, String path, Optional<String> template, Integer responseStatus) {
        String text = PATH_PREFIX.matcher(message.getMessage()).replaceFirst("");
        if (key.contains(".body.schema.")) {
            return bodySchemaRules(key.substring(key.indexOf(".body.schema.") + ".body.schema.".length()),
                    text, context);
        }
        if (key.contains(".parameter.schema.")) {
            return List.of(parameterRule(key.substring(key.indexOf(".parameter.schema.") + ".parameter.schema.".length()),
                    text, context));
        }

        switch (key) {
            case "validation.request.path.missing":
                return List.of("no path in the spec matches " + path);
            case "validation.request.operation.notAllowed": {
                String declared = template.map(found -> String.join(", ", spec.declaredMethods(found))).orElse("none");
                return List.of("method " + method + " is not declared for this path, which declares " + declared);
            }
            case "validation.request.security.missing":
                return List.of("credentials are missing: send " + securityAlternatives(operation));
            case "validation.request.security.invalid":
                return List.of("credentials are invalid: send " + securityAlternatives(operation));
            case "validation.request.parameter.query.unexpected":
                return List.of("query parameter '" + parameterName(context) + "' is not declared for this operation");
            case "validation.request.body.missing":
                return List.of("request body is missing, but the operation requires "
                        + orSchema(operation.map(op -> op.getOperation().getRequestBody())
                                .map(body -> ContractSpec.bodyModelName(body.getContent())).orElse(null)));
            case "validation.request.body.unexpected":
                return List.of("a request body was sent, but the operation declares none");
            case "validation.response.status.unknown":
                return List.of("status is not declared for this operation, which declares "
                        + operation.map(op -> String.join(", ", op.getOperation().getResponses().keySet())).orElse("none"));
            case "validation.response.body.missing":
                return List.of("body is missing, but the spec declares "
                        + orSchema(responseModel(operation, responseStatus)));
            case "validation.response.body.unexpected":
                return List.of("a body was sent, but the spec declares none for this status");
            default:
                return List.of(text);
        }
    }

    private List<String> bodySchemaRules(String keyword, String text, MessageContext context) {
        Optional<MessageContext.Pointers> pointers = context.getPointers();
        String instance = pointers.map(MessageContext.Pointers::getInstance).orElse("");
        String model = modelName(pointers.map(MessageContext.Pointers::getSchema).orElse(""));

        switch (keyword) {
            case "invalidJson":
                return List.of("body is not valid JSON: " + text);
            case "additionalProperties":
                return quotedNames(text).stream()
                        .map(name -> "body field '" + fieldName(instance, name) + "' is not declared in " + model)
                        .collect(Collectors.toList());
            case "required":
                return quotedNames(text).stream()
                        .map(name -> "body field '" + fieldName(instance, name) + "' is required by " + model
                                + " but missing")
                        .collect(Collectors.toList());
            case "type": {
                String allowed = String.join(" or ", quotedNames(text));
                Matcher found = FOUND_TYPE.matcher(text);
                String actual = found.find() ? found.group(1) : "another type";
                return List.of(subject(instance) + " must be " + allowed + " (" + model + "), but is " + actual);
            }
            default:
                return List.of(subject(instance) + " is invalid (" + model + "): " + lowerFirst(text));
        }
    }

    private static String parameterRule(String keyword, String text, MessageContext context) {
        String where = context.getParameter().map(Parameter::getIn).orElse("request");
        String subject = where + " parameter '" + parameterName(context) + "'";
        Matcher limit = LIMIT.matcher(text);
        if ((keyword.equals("maximum") || keyword.equals("minimum")) && limit.find()) {
            String relation = keyword.equals("maximum") ? "above the maximum" : "below the minimum";
            return subject + " is " + limit.group(3).trim() + ", " + relation + " of " + limit.group(2).trim();
        }
        if (keyword.equals("type")) {
            return subject + " must be " + String.join(" or ", quotedNames(text));
        }
        return subject + " is invalid: " + lowerFirst(text);
    }

    /** Lists the alternatives of the operation's security requirement, for example "header 'Authorization' (PersonalAccessToken)". */
    private String securityAlternatives(Optional<ApiOperation> operation) {
        List<SecurityRequirement> requirements = operation.map(ApiOperation::getOperation)
                .map(Operation::getSecurity)
                .orElse(spec.openApi().getSecurity());
        if (requirements == null || requirements.isEmpty()) {
            return "the credentials the spec requires";
        }
        List<String> alternatives = new ArrayList<>();
        for (SecurityRequirement requirement : requirements) {
            alternatives.add(requirement.keySet().stream()
                    .map(spec::describeSecurityScheme)
                    .collect(Collectors.joining(" and ")));
        }
        return alternatives.size() == 1 ? alternatives.get(0) : "one of " + String.join(" or ", alternatives);
    }

    private static String responseModel(Optional<ApiOperation> operation, Integer status) {
        if (operation.isEmpty() || status == null || operation.get().getOperation().getResponses() == null) {
            return null;
        }
        ApiResponse response = operation.get().getOperation().getResponses().get(String.valueOf(status));
        return response == null ? null : ContractSpec.bodyModelName(response.getContent());
    }

    private static MessageContext context(Message message) {
        return message.getContext().orElse(MessageContext.empty());
    }

    private static String parameterName(MessageContext context) {
        return context.getParameter().map(Parameter::getName).orElse("?");
    }

    private static String orSchema(String modelName) {
        return modelName != null ? modelName : "a body";
    }

    /** Names the schema a pointer such as "/components/schemas/v0.X/properties/y" points into. */
    private static String modelName(String schemaPointer) {
        if (!schemaPointer.startsWith(COMPONENTS_POINTER)) {
            return schemaPointer.isEmpty() ? "the body schema" : "the schema at " + schemaPointer;
        }
        String rest = schemaPointer.substring(COMPONENTS_POINTER.length());
        int slash = rest.indexOf('/');
        return unescapePointerToken(slash < 0 ? rest : rest.substring(0, slash));
    }

    private static String subject(String instancePointer) {
        String field = fieldName(instancePointer, null);
        return field.isEmpty() ? "body" : "body field '" + field + "'";
    }

    /**
     * Renders a JSON pointer such as "/data/0/certificates" plus an optional child name as
     * "data[0].certificates.child". The root pointer ("" or "/") renders as just the child.
     */
    static String fieldName(String instancePointer, String child) {
        StringBuilder field = new StringBuilder();
        if (instancePointer != null && !instancePointer.isEmpty() && !instancePointer.equals("/")) {
            for (String token : instancePointer.substring(1).split("/", -1)) {
                String name = unescapePointerToken(token);
                if (name.matches("\\d+")) {
                    field.append('[').append(name).append(']');
                } else {
                    if (field.length() > 0) {
                        field.append('.');
                    }
                    field.append(name);
                }
            }
        }
        if (child != null) {
            if (field.length() > 0) {
                field.append('.');
            }
            field.append(child);
        }
        return field.toString();
    }

    private static String unescapePointerToken(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    private static List<String> quotedNames(String text) {
        List<String> names = new ArrayList<>();
        Matcher matcher = QUOTED.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
