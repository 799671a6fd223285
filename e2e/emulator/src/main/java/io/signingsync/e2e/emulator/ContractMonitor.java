package io.signingsync.e2e.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signingsync.e2e.contract.ContractChecker;
import io.signingsync.e2e.contract.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every request that reaches the emulated Bitrise API, and every response the emulator itself
 * builds, against the Bitrise API v0.1 spec, and keeps the violations until the next reset.
 * Responses sent by fault rules are not checked, because tests inject them to break the contract.
 */
final class ContractMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(ContractMonitor.class);

    /** System property that overrides the default spec path; the emulator's pom sets it for tests. */
    static final String SPEC_PATH_PROPERTY = "contract.spec.path";

    /**
     * Request violations that leave no spec operation to check the response against, so a
     * response check would only repeat the request violation.
     */
    private static final Set<String> NO_OPERATION_KEYS = Set.of(
            "validation.request.path.missing", "validation.request.operation.notAllowed");

    private final ContractChecker checker;
    private final Path specPath;
    private final List<ObjectNode> violations = new ArrayList<>();
    private long sequence;

    private ContractMonitor(ContractChecker checker, Path specPath) {
        this.checker = checker;
        this.specPath = specPath;
    }

    /**
     * Loads the spec at {@code specPath}.
     *
     * @throws IOException if the file is missing, unreadable or not a Swagger/OpenAPI spec, so the
     *     emulator never runs without the check
     */
    /**
     * Returns a monitor that checks nothing, for the demo started by e2e/run-example.sh on a
     * machine without the spec. Tests never use it: their harness loads the spec or fails.
     */
    static ContractMonitor disabled(Path missingSpec) {
        return new ContractMonitor(null, missingSpec.toAbsolutePath().normalize());
    }

    boolean enabled() {
        return checker != null;
    }

    static ContractMonitor load(Path specPath) throws IOException {
        Path absolute = specPath.toAbsolutePath().normalize();
        try {
            return new ContractMonitor(new ContractChecker(absolute), absolute);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new IOException("Failed to load the Bitrise API spec " + absolute + ": " + e.getMessage()
                    + ". Pass the Bitrise API v0.1 Swagger file with --spec FILE or -D" + SPEC_PATH_PROPERTY + "=FILE.", e);
        }
    }

    /**
     * Returns the spec path from the {@value #SPEC_PATH_PROPERTY} system property, or else
     * shared/api/bitrise-ci.json beside the repository that contains this emulator's classes
     * (e2e/emulator/target/classes or e2e/emulator/target/bitrise-emulator.jar).
     */
    static Path defaultSpecPath() {
        String property = System.getProperty(SPEC_PATH_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        Path codeSource;
        try {
            codeSource = Path.of(ContractMonitor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the emulator's classes to find the API spec", e);
        }
        for (Path dir = codeSource.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("e2e/emulator"))) {
                return dir.resolve("../shared/api/bitrise-ci.json").normalize();
            }
        }
        throw new IllegalStateException("Cannot find the repository root above " + codeSource
                + " to locate shared/api/bitrise-ci.json; pass --spec FILE");
    }

    Path specPath() {
        return specPath;
    }

    /**
     * Checks one request to the API and records its violations.
     *
     * @return true when the spec declares an operation for the request's method and path, so its
     *     response can be checked with {@link #checkResponse}
     */
    boolean checkRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        if (checker == null) {
            return false;
        }
        List<Violation> found;
        try {
            synchronized (checker) {
                found = checker.checkRequest(method, rawPath, rawQuery, headers, text(body));
            }
        } catch (RuntimeException e) {
            found = List.of(checkerFailure(method, rawPath, e));
        }
        record("request", rawQuery, found);
        return found.stream().noneMatch(violation -> NO_OPERATION_KEYS.contains(violation.key()));
    }

    /** Checks one response that the emulator built for a request to {@code rawPath}, and records its violations. */
    void checkResponse(String method, String rawPath, String rawQuery, int status, Map<String, List<String>> headers,
            byte[] body) {
        if (checker == null) {
            return;
        }
        List<Violation> found;
        try {
            synchronized (checker) {
                found = checker.checkResponse(method, rawPath, status, headers, text(body));
            }
        } catch (RuntimeException e) {
            found = List.of(checkerFailure(method, rawPath, e));
        }
        record("response", rawQuery, found);
    }

    /** Returns the violations in the order they were found, oldest first. */
    synchronized ArrayNode toJson() {
        ArrayNode array = Json.MAPPER.createArrayNode();
        violations.forEach(violation -> array.add(violation.deepCopy()));
        return array;
    }

    synchronized void clear() {
        violations.clear();
    }

    private synchronized void record(String side, String rawQuery, List<Violation> found) {
        for (Violation violation : found) {
            ObjectNode entry = Json.object();
            entry.put("seq", ++sequence);
            entry.put("side", side);
            entry.put("method", violation.method());
            entry.put("path", violation.path());
            entry.put("query", rawQuery);
            entry.put("pathTemplate", violation.pathTemplate());
            entry.put("rule", violation.rule());
            entry.put("key", violation.key());
            entry.put("message", violation.toString());
            violations.add(entry);
            LOG.warn("Contract violation in {}: {}", side, violation);
        }
    }

    /**
     * Turns an exception of the checker into a violation, so a request that could not be checked
     * fails the test instead of passing unchecked.
     */
    private static Violation checkerFailure(String method, String rawPath, RuntimeException e) {
        LOG.error("Contract check of {} {} failed", method, rawPath, e);
        return new Violation(method, rawPath, null, "the contract check failed: " + e, "emulator.contractCheck.failed");
    }

    private static String text(byte[] body) {
        return body == null || body.length == 0 ? null : new String(body, StandardCharsets.UTF_8);
    }
}
