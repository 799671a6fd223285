package io.signingsync.e2e.contract;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Changes to the converted spec that make the checker read it the way the API behaves.
 * Each change is generic: it looks at schema shapes and descriptions, never at operation names.
 */
final class SchemaAdjustments {

    /**
     * Matches descriptions such as "Computed server-side once the file is processed; null until then."
     * ({@code file_sha256}, {@code certificate_sha256_fingerprint}) and "null when it could not be
     * extracted" ({@code certificates[].serial}, {@code certificates[].expiry_date}). It does not match
     * "never null, but empty until then" ({@code certificates}), so that array stays non-nullable.
     */
    private static final Pattern NULLABLE_DESCRIPTION = Pattern.compile("\\bnull (until|when)\\b");

    private SchemaAdjustments() {
    }

    static void apply(OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
            return;
        }
        Set<Schema<?>> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Schema<?> schema : openApi.getComponents().getSchemas().values()) {
            adjustTree(schema, visited);
        }
        requireResponseEnvelopeFields(openApi);
    }

    @SuppressWarnings("rawtypes") // swagger-models returns properties as Map<String, Schema>
    private static void adjustTree(Schema<?> schema, Set<Schema<?>> visited) {
        if (schema == null || !visited.add(schema)) {
            return;
        }
        keepBareObjectFreeForm(schema);
        if (schema.getProperties() != null) {
            for (Map.Entry<String, Schema> entry : schema.getProperties().entrySet()) {
                Schema<?> property = entry.getValue();
                Schema<?> unwrapped = unwrapSingleRefAllOf(property);
                if (unwrapped != property) {
                    entry.setValue(unwrapped);
                    continue;
                }
                markNullableByDescription(property);
                adjustTree(property, visited);
            }
        }
        adjustTree(schema.getItems(), visited);
        if (schema.getAllOf() != null) {
            schema.getAllOf().forEach(part -> adjustTree(part, visited));
        }
    }

    /**
     * Declares a bare {@code type: object} with no properties, such as {@code exposed_meta_datastore},
     * as free-form. Without this the validator's "no undeclared fields" rule would reject every key
     * in it, although the spec describes it as an open map.
     */
    private static void keepBareObjectFreeForm(Schema<?> schema) {
        boolean bareObject = "object".equals(schema.getType())
                && (schema.getProperties() == null || schema.getProperties().isEmpty())
                && schema.getAdditionalProperties() == null
                && schema.get$ref() == null;
        if (bareObject) {
            schema.setAdditionalProperties(Boolean.TRUE);
        }
    }

    /**
     * Replaces {@code {"description": …, "allOf": [{"$ref": X}]}} by a plain reference to X. The
     * spec uses this form only to attach a description to {@code paging}. A plain reference
     * validates the same, and violations inside it then name X instead of an anonymous allOf.
     */
    @SuppressWarnings("rawtypes") // swagger-models returns allOf as List<Schema>
    private static Schema<?> unwrapSingleRefAllOf(Schema<?> property) {
        List<Schema> allOf = property.getAllOf();
        boolean singleRef = allOf != null && allOf.size() == 1 && allOf.get(0).get$ref() != null
                && property.getProperties() == null && property.getType() == null
                && property.getOneOf() == null && property.getAnyOf() == null;
        if (!singleRef) {
            return property;
        }
        Schema<?> reference = new Schema<>();
        reference.set$ref(allOf.get(0).get$ref());
        return reference;
    }

    /**
     * Marks a read-only property as nullable when its description states that it is null until the file
     * is processed or when a value could not be extracted. The Swagger 2.0 file has no
     * {@code x-nullable} on these fields, so a literal reading would reject the null that their
     * description promises. Only that prose decides, so a field described as "never null" stays strict.
     */
    private static void markNullableByDescription(Schema<?> property) {
        if (Boolean.TRUE.equals(property.getReadOnly())
                && property.getDescription() != null
                && NULLABLE_DESCRIPTION.matcher(property.getDescription()).find()) {
            property.setNullable(true);
        }
    }

    /**
     * Makes every top-level property of a response model required: {@code data} and {@code paging}
     * of the success envelopes and {@code message} of the error model. The spec declares no
     * required field in any response. A success body without {@code data} carries no content at
     * all, so the checker treats a missing envelope field as an emulator defect. A model that some operation also takes as a request body keeps its
     * declared required list.
     */
    @SuppressWarnings("rawtypes") // swagger-models returns components as Map<String, Schema>
    private static void requireResponseEnvelopeFields(OpenAPI openApi) {
        Set<String> responseModels = new HashSet<>();
        Set<String> requestModels = new HashSet<>();
        for (PathItem pathItem : openApi.getPaths().values()) {
            for (Operation operation : pathItem.readOperations()) {
                if (operation.getRequestBody() != null) {
                    collectModelNames(operation.getRequestBody().getContent(), requestModels);
                }
                if (operation.getResponses() != null) {
                    for (ApiResponse response : operation.getResponses().values()) {
                        collectModelNames(response.getContent(), responseModels);
                    }
                }
            }
        }
        responseModels.removeAll(requestModels);

        Map<String, Schema> components = openApi.getComponents().getSchemas();
        for (String name : responseModels) {
            Schema<?> model = components.get(name);
            if (model == null || model.getProperties() == null || model.getProperties().isEmpty()) {
                continue;
            }
            List<String> required = new ArrayList<>(model.getProperties().keySet());
            if (model.getRequired() != null) {
                for (String field : model.getRequired()) {
                    if (!required.contains(field)) {
                        required.add(field);
                    }
                }
            }
            model.setRequired(required);
        }
    }

    private static void collectModelNames(Map<String, MediaType> content, Set<String> names) {
        if (content == null) {
            return;
        }
        for (MediaType mediaType : content.values()) {
            if (mediaType.getSchema() != null) {
                String name = ContractSpec.componentName(mediaType.getSchema().get$ref());
                if (name != null) {
                    names.add(name);
                }
            }
        }
    }
}
