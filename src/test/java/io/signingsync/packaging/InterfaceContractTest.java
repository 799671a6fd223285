package io.signingsync.packaging;

import static io.signingsync.packaging.PackagingFiles.actionEntries;
import static io.signingsync.packaging.PackagingFiles.actionYml;
import static io.signingsync.packaging.PackagingFiles.envItems;
import static io.signingsync.packaging.PackagingFiles.repoFile;
import static io.signingsync.packaging.PackagingFiles.stepYml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingsync.config.Input;
import io.signingsync.output.OutputName;
import io.signingsync.packaging.PackagingFiles.EnvItem;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks that step.yml and action.yml declare exactly the inputs and outputs the program reads
 * and writes ({@link Input}, {@link OutputName}), with matching defaults, secrets and boolean
 * options. Adding an input or output to only one of the three places fails here.
 */
class InterfaceContractTest {

    /**
     * Inputs without which the program cannot run. {@link Input} has no such property: the
     * program reports each missing one itself, with exit code 2.
     */
    private static final Set<Input> REQUIRED = EnumSet.of(Input.BITRISE_API_TOKEN, Input.APP_SLUG,
            Input.SIGNING_FILES_DIR);

    /** Allowed type_tags, from Bitrise's step properties reference. */
    private static final Set<String> TYPE_TAGS = Set.of("build", "code-sign", "test", "deploy", "notification",
            "access-control", "artifact-info", "installer", "dependency", "utility", "security");

    /** Allowed project_type_tags, from Bitrise's step properties reference. */
    private static final Set<String> PROJECT_TYPE_TAGS = Set.of("ios", "macos", "android", "react-native",
            "cordova", "ionic", "flutter", "web", "kotlin-multiplatform");

    /** Feather icons that GitHub's action metadata rejects. */
    private static final Set<String> OMITTED_ICONS = Set.of("coffee", "columns", "divide", "divide-circle",
            "divide-square", "frown", "hexagon", "key", "meh", "mouse-pointer", "smile", "tool", "x-octagon");

    private final Map<String, EnvItem> stepInputs = envItems(stepYml(), "inputs");
    private final Map<String, EnvItem> stepOutputs = envItems(stepYml(), "outputs");
    private final Map<String, JsonNode> actionInputs = actionEntries(actionYml(), "inputs");
    private final Map<String, JsonNode> actionOutputs = actionEntries(actionYml(), "outputs");

    @Test
    void stepYmlInputsAreInputKeys() {
        Set<String> expected = new TreeSet<>(Arrays.stream(Input.values()).map(Input::key).toList());

        assertEquals(expected, new TreeSet<>(stepInputs.keySet()));
    }

    @Test
    void actionYmlInputsAreGithubNames() {
        Set<String> expected = new TreeSet<>(Arrays.stream(Input.values()).map(Input::githubName).toList());

        assertEquals(expected, new TreeSet<>(actionInputs.keySet()));
    }

    @Test
    void stepYmlOutputsAreOutputKeys() {
        Set<String> expected = new TreeSet<>(Arrays.stream(OutputName.values()).map(OutputName::envKey).toList());

        assertEquals(expected, new TreeSet<>(stepOutputs.keySet()));
    }

    @Test
    void actionYmlOutputsAreGithubNames() {
        Set<String> expected = new TreeSet<>(
                Arrays.stream(OutputName.values()).map(OutputName::githubName).toList());

        assertEquals(expected, new TreeSet<>(actionOutputs.keySet()));
    }

    @ParameterizedTest
    @EnumSource(Input.class)
    void secretsAreSensitiveAndExpanded(Input input) {
        EnvItem item = stepInput(input);

        assertEquals(input.secret(), item.flag("is_sensitive"), input.key() + " is_sensitive");
        if (input.secret()) {
            assertTrue(item.flag("is_expand"), input.key() + " needs is_expand: true");
        }
    }

    @ParameterizedTest
    @EnumSource(Input.class)
    void booleansOfferYesAndNo(Input input) {
        JsonNode options = stepInput(input).opts().get("value_options");

        if (input.booleanValued()) {
            assertNotNull(options, input.key() + " has no value_options");
            assertEquals(List.of("yes", "no"), texts(options), input.key() + " value_options");
        } else if (input == Input.MODE) {
            assertNotNull(options, "mode has no value_options");
            assertEquals(List.of("upload", "download"), texts(options), "mode value_options");
        } else {
            assertEquals(null, options, input.key() + " is not boolean but has value_options");
        }
    }

    @ParameterizedTest
    @EnumSource(Input.class)
    void stepYmlDefaultMatchesInput(Input input) {
        EnvItem item = stepInput(input);

        if (item.value() != null && !item.value().isNull()) {
            // Unquoted yes/no would be read as YAML booleans and reach the step as "true"/"false".
            assertTrue(item.value().isTextual(), input.key() + " default must be a quoted string: " + item.value());
        }
        assertEquals(input.defaultValue(), item.valueText(), input.key() + " default");
    }

    @ParameterizedTest
    @EnumSource(Input.class)
    void actionYmlDefaultMatchesInput(Input input) {
        JsonNode definition = actionInput(input);
        JsonNode defaultNode = definition.get("default");

        if (input.defaultValue().startsWith("$")) {
            // A Bitrise variable such as $BITRISE_APP_SLUG has no GitHub value: no default there.
            assertEquals(null, defaultNode, input.githubName() + " must have no default on GitHub");
            return;
        }
        String actual = defaultNode == null ? "" : defaultNode.asText();
        if (defaultNode != null) {
            assertTrue(defaultNode.isTextual(), input.githubName() + " default must be a quoted string");
        }
        assertEquals(input.defaultValue(), actual, input.githubName() + " default");
    }

    @ParameterizedTest
    @EnumSource(Input.class)
    void requiredInputsAreMarkedRequired(Input input) {
        boolean required = REQUIRED.contains(input);
        JsonNode actionRequired = actionInput(input).get("required");

        assertNotNull(actionRequired, input.githubName() + " has no required field");
        assertEquals(required, actionRequired.asBoolean(), input.githubName() + " required");
        if (required) {
            assertTrue(stepInput(input).flag("is_required"), input.key() + " needs is_required: true");
        } else if (input.defaultValue().isEmpty()) {
            assertFalse(stepInput(input).flag("is_required"), input.key() + " is optional and has no default");
        }
    }

    @ParameterizedTest
    @EnumSource(Input.class)
    void inputsAreDocumented(Input input) {
        JsonNode opts = stepInput(input).opts();

        for (String field : List.of("title", "summary", "description")) {
            assertFalse(opts.path(field).asText().isBlank(), input.key() + " has no " + field);
        }
        assertFalse(actionInput(input).path("description").asText().isBlank(),
                input.githubName() + " has no description");
    }

    @ParameterizedTest
    @EnumSource(OutputName.class)
    void outputsAreDocumented(OutputName output) {
        EnvItem item = stepOutputs.get(output.envKey());
        JsonNode definition = actionOutputs.get(output.githubName());

        assertNotNull(item, "step.yml has no output " + output.envKey());
        assertNotNull(definition, "action.yml has no output " + output.githubName());
        assertFalse(item.opts().path("title").asText().isBlank(), output.envKey() + " has no title");
        assertFalse(item.opts().path("description").asText().isBlank(), output.envKey() + " has no description");
        assertFalse(definition.path("description").asText().isBlank(), output.githubName() + " has no description");
    }

    @Test
    void stepRunsBashEntryFile() {
        String entryFile = stepYml().path("toolkit").path("bash").path("entry_file").asText();

        assertEquals("step.sh", entryFile);
        assertTrue(Files.isRegularFile(repoFile(entryFile)), "step.sh is missing");
    }

    @Test
    void stepTagsAreAllowed() {
        List<String> typeTags = texts(stepYml().path("type_tags"));
        List<String> projectTypeTags = texts(stepYml().path("project_type_tags"));

        assertEquals(List.of("code-sign"), typeTags);
        assertTrue(TYPE_TAGS.containsAll(typeTags), "unknown type_tags: " + typeTags);
        assertTrue(PROJECT_TYPE_TAGS.containsAll(projectTypeTags), "unknown project_type_tags: " + projectTypeTags);
    }

    @Test
    void actionRunsDockerfile() {
        JsonNode runs = actionYml().path("runs");

        assertEquals("docker", runs.path("using").asText());
        assertEquals("Dockerfile", runs.path("image").asText());
        assertTrue(Files.isRegularFile(repoFile("Dockerfile")), "Dockerfile is missing");
        assertTrue(runs.path("args").isMissingNode(), "args would replace the inputs read from INPUT_*");
    }

    @Test
    void actionBrandingIconIsAllowed() {
        String icon = actionYml().path("branding").path("icon").asText();

        assertFalse(icon.isEmpty(), "branding.icon is missing");
        assertFalse(OMITTED_ICONS.contains(icon), "GitHub rejects the icon " + icon);
        assertNotEquals("", actionYml().path("branding").path("color").asText(), "branding.color is missing");
    }

    private EnvItem stepInput(Input input) {
        EnvItem item = stepInputs.get(input.key());
        assertNotNull(item, "step.yml has no input " + input.key());
        return item;
    }

    private JsonNode actionInput(Input input) {
        JsonNode definition = actionInputs.get(input.githubName());
        assertNotNull(definition, "action.yml has no input " + input.githubName());
        return definition;
    }

    private static List<String> texts(JsonNode list) {
        List<String> values = new ArrayList<>();
        list.forEach(node -> values.add(node.isTextual() ? node.asText() : "<" + node.getNodeType() + " " + node + ">"));
        return values;
    }
}
