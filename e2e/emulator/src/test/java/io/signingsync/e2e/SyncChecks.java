package io.signingsync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks shared by the fault and bad-input end-to-end tests: the emulator's records and request
 * log, the fake envman's outputs, and secret scans of everything the product wrote.
 */
final class SyncChecks {

    static final String PROFILES = "provisioning-profiles";
    static final String CERTIFICATES = "build-certificates";

    private SyncChecks() {
    }

    /**
     * Returns the jar under test: the file named by the system property {@code e2e.product.jar}
     * when it is set, for example a copy that stays fixed while target/ is rebuilt, otherwise
     * target/signing-sync.jar.
     */
    static Path productJar() {
        String override = System.getProperty("e2e.product.jar");
        return override == null || override.isBlank() ? ProductRun.productJar() : Path.of(override);
    }

    static List<JsonNode> records(TestEmulator emulator, String kind) {
        return emulator.admin().records(TestEmulator.APP_SLUG, kind);
    }

    static List<String> recordNames(TestEmulator emulator, String kind) {
        return records(emulator, kind).stream().map(record -> record.path("upload_file_name").asText()).sorted().toList();
    }

    /**
     * Asserts that {@code kind} contains exactly one processed record per expected name and nothing
     * else: no orphan (an unprocessed record) and no duplicate.
     */
    static void assertExactlyProcessed(TestEmulator emulator, String kind, List<String> expectedNames) {
        List<JsonNode> records = records(emulator, kind);
        for (JsonNode record : records) {
            assertTrue(record.path("processed").asBoolean(), () -> "unprocessed record left in " + kind + ": " + record);
        }
        assertEquals(expectedNames.stream().sorted().toList(), recordNames(emulator, kind), "records of " + kind);
    }

    /** Returns the slug of the only record named {@code name}, failing when there is none. */
    static String slugOf(TestEmulator emulator, String kind, String name) {
        return records(emulator, kind).stream()
                .filter(record -> record.path("upload_file_name").asText().equals(name))
                .map(record -> record.path("slug").asText())
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " record named " + name));
    }

    /** Returns the recorded requests of {@code target} ("api" or "s3") with this method whose raw path matches the regex. */
    static List<JsonNode> requests(TestEmulator emulator, String target, String method, String pathRegex) {
        Pattern pattern = Pattern.compile(pathRegex);
        return emulator.admin().requests(target).stream()
                .filter(request -> method == null || request.path("method").asText().equals(method))
                .filter(request -> pattern.matcher(request.path("path").asText()).find())
                .toList();
    }

    /** Returns the API requests that change something: every method but GET. */
    static List<JsonNode> writeRequests(TestEmulator emulator) {
        return emulator.admin().requests("api").stream()
                .filter(request -> !request.path("method").asText().equals("GET"))
                .toList();
    }

    /** Returns how often the fault rule at {@code index} (in the order added) fired. */
    static int faultFired(TestEmulator emulator, int index) {
        return emulator.admin().faults().get(index).path("fired").asInt();
    }

    /** Returns the upload_file_name of a recorded create request. */
    static String createdName(JsonNode createRequest) {
        return parse(createRequest.path("body").asText()).path("upload_file_name").asText();
    }

    static JsonNode parse(String json) {
        try {
            return AdminClient.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** Returns the first value of a recorded request header, matched case-insensitively, or null. */
    static String header(JsonNode request, String name) {
        Iterator<Map.Entry<String, JsonNode>> fields = request.path("headers").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue().path(0).asText();
            }
        }
        return null;
    }

    /** Reads the fake envman's log: each call is "stdin=…", "add", "--key", K, "--value", V, tab separated. */
    static Map<String, String> envmanValues(ProductRun.Result result) {
        return result.envmanCalls().stream()
                .map(call -> call.split("\t", -1))
                .collect(Collectors.toMap(parts -> parts[3], parts -> parts[5], (first, second) -> second));
    }

    /** Returns the stderr lines that start with {@code level} ("WARN", "ERROR"). */
    static List<String> linesAt(String level, String stderr) {
        return stderr.lines().filter(line -> line.startsWith(level + " ")).toList();
    }

    static String readOrEmpty(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Returns a scanner for the token, the issued URL signatures and credentials, and each
     * password both as is and as it would appear escaped inside JSON (the report).
     */
    static SecretScanner scanner(TestEmulator emulator, String... passwords) {
        SecretScanner scanner = SecretScanner.forEmulator(emulator);
        for (String password : passwords) {
            scanner.secret("certificate password", password);
            scanner.secret("certificate password (JSON-escaped)", jsonEscaped(password));
        }
        return scanner;
    }

    static void assertNoSecrets(SecretScanner scanner, Map<String, String> blobs) {
        List<SecretScanner.Finding> findings = new ArrayList<>(scanner.scan(blobs));
        assertEquals(List.of(), findings);
    }

    private static String jsonEscaped(String text) {
        try {
            String quoted = AdminClient.MAPPER.writeValueAsString(text);
            return quoted.substring(1, quoted.length() - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
