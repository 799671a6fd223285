package io.signingsync.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the packaging metadata at the repository root: step.yml (Bitrise step) and action.yml
 * (GitHub action). Maven Surefire runs tests in the project folder, so relative paths resolve
 * against the repository root.
 */
final class PackagingFiles {

    /**
     * Parses YAML 1.1 as stepman's Go YAML parser does, so an unquoted {@code no} becomes the
     * boolean false, as it would on Bitrise, and the tests can catch it.
     */
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PackagingFiles() {
    }

    static Path repoFile(String name) {
        return Path.of(name).toAbsolutePath();
    }

    static JsonNode stepYml() {
        return read(repoFile("step.yml"));
    }

    static JsonNode actionYml() {
        return read(repoFile("action.yml"));
    }

    static JsonNode read(Path file) {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read " + file, e);
        }
    }

    static JsonNode parse(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("invalid YAML in test data", e);
        }
    }

    /** One step.yml input or output: its env key, default value node and opts. */
    record EnvItem(String key, JsonNode value, JsonNode opts) {

        /** Returns the default value as text, or an empty string when the item has none. */
        String valueText() {
            return value == null || value.isNull() ? "" : value.asText();
        }

        boolean flag(String name) {
            JsonNode node = opts.get(name);
            return node != null && node.isBoolean() && node.booleanValue();
        }
    }

    /**
     * Returns the env items of a step.yml list ({@code inputs} or {@code outputs}) keyed by env
     * key, in file order. Each item must be a map of one env key plus optional {@code opts}.
     */
    static Map<String, EnvItem> envItems(JsonNode stepYml, String listName) {
        Map<String, EnvItem> items = new LinkedHashMap<>();
        JsonNode list = stepYml.path(listName);
        for (JsonNode item : list) {
            String key = null;
            JsonNode value = null;
            Iterator<Map.Entry<String, JsonNode>> fields = item.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getKey().equals("opts")) {
                    key = field.getKey();
                    value = field.getValue();
                }
            }
            if (key == null) {
                throw new IllegalStateException(listName + " item has no env key: " + item);
            }
            items.put(key, new EnvItem(key, value, item.path("opts")));
        }
        return items;
    }

    /** Returns the entries of an action.yml map ({@code inputs} or {@code outputs}), in file order. */
    static Map<String, JsonNode> actionEntries(JsonNode actionYml, String mapName) {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        actionYml.path(mapName).fields().forEachRemaining(field -> entries.put(field.getKey(), field.getValue()));
        return entries;
    }
}
