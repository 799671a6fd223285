package io.signingsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingsync.e2e.emulator.Emulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.AssertionFailedError;

/**
 * Starts S3Proxy and the emulator once per test JVM (about 1.5 s) and resets them before every
 * test, then registers the default app. Use with {@code @ExtendWith(EmulatorExtension.class)} and
 * take a {@link TestEmulator} parameter in the test method, constructor or lifecycle methods.
 *
 * <p>After every test, including its {@code @AfterEach} methods, the extension fails the test if
 * the emulator recorded a contract violation: a request to the Bitrise API, or a response of the
 * emulator, that the Bitrise API v0.1 spec does not allow. A test marked
 * {@link SendsInvalidRequests} is failed only for violations in responses.
 */
public final class EmulatorExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final String STORE_KEY = "signing-sync-emulator";

    @Override
    public void beforeEach(ExtensionContext context) {
        TestEmulator emulator = shared(context);
        emulator.admin().reset();
        emulator.admin().registerApp(TestEmulator.APP_SLUG, TestEmulator.TOKEN, false);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<JsonNode> violations = shared(context).admin().contractViolations();
        boolean invalidRequestsExpected = sendsInvalidRequests(context);
        List<JsonNode> failing = violations.stream()
                .filter(violation -> !(invalidRequestsExpected && violation.path("side").asText().equals("request")))
                .collect(Collectors.toList());
        if (!failing.isEmpty()) {
            throw new AssertionFailedError(describe(failing));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    /** Lists each violation as "request GET /v0.1/...?limit=100 (spec path ...): rule". */
    static String describe(List<JsonNode> violations) {
        StringBuilder message = new StringBuilder("The Bitrise API spec does not allow ")
                .append(violations.size())
                .append(violations.size() == 1 ? " request or response" : " requests or responses")
                .append(" in this test (listed by GET /_emulator/contract-violations):");
        for (JsonNode violation : violations) {
            String query = violation.path("query").isTextual() ? "?" + violation.get("query").asText() : "";
            message.append("\n  ").append(violation.path("side").asText())
                    .append(' ').append(violation.path("method").asText())
                    .append(' ').append(violation.path("path").asText()).append(query);
            if (violation.path("pathTemplate").isTextual()) {
                message.append(" (spec path ").append(violation.get("pathTemplate").asText()).append(')');
            }
            message.append(": ").append(violation.path("rule").asText());
        }
        return message.toString();
    }

    /** Looks for {@link SendsInvalidRequests} on the test method, its class and the classes enclosing it. */
    private static boolean sendsInvalidRequests(ExtensionContext context) {
        if (isMarked(context.getTestMethod())) {
            return true;
        }
        for (Class<?> type = context.getTestClass().orElse(null); type != null; type = type.getEnclosingClass()) {
            if (type.isAnnotationPresent(SendsInvalidRequests.class)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMarked(Optional<? extends AnnotatedElement> element) {
        return element.map(found -> found.isAnnotationPresent(SendsInvalidRequests.class)).orElse(false);
    }

    /** The root store closes the emulator, and so S3Proxy, when the whole test run ends. */
    private static TestEmulator shared(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        return store.getOrComputeIfAbsent(STORE_KEY, key -> start(), TestEmulator.class);
    }

    /**
     * Starts the emulator with the spec from the contract.spec.path system property (set by the
     * pom), or else ../shared/api/bitrise-ci.json from the repository root. A spec that cannot be
     * loaded fails every test that uses the emulator.
     */
    private static TestEmulator start() {
        String classpathFile = System.getProperty("s3proxy.classpath.file",
                RepoPaths.e2eDir().resolve("s3proxy-runtime/target/s3proxy.classpath").toString());
        Path specPath = Path.of(System.getProperty("contract.spec.path",
                RepoPaths.repoRoot().resolve("../shared/api/bitrise-ci.json").normalize().toString()));
        try {
            Path workDir = Files.createTempDirectory("bitrise-emulator-test-");
            return new TestEmulator(Emulator.start(Path.of(classpathFile), workDir, specPath));
        } catch (IOException e) {
            throw new UncheckedIOException("Starting the emulator failed: " + e.getMessage(), e);
        }
    }
}
