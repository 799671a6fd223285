package io.signingsync.e2e;

import io.signingsync.e2e.emulator.Emulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts S3Proxy and the emulator once per test JVM (about 1.5 s) and resets them before every
 * test, then registers the default app. Use with {@code @ExtendWith(EmulatorExtension.class)} and
 * take a {@link TestEmulator} parameter in the test method, constructor or lifecycle methods.
 */
public final class EmulatorExtension implements BeforeEachCallback, ParameterResolver {
    private static final String STORE_KEY = "signing-sync-emulator";

    @Override
    public void beforeEach(ExtensionContext context) {
        TestEmulator emulator = shared(context);
        emulator.admin().reset();
        emulator.admin().registerApp(TestEmulator.APP_SLUG, TestEmulator.TOKEN, false);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    /** The root store closes the emulator, and so S3Proxy, when the whole test run ends. */
    private static TestEmulator shared(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        return store.getOrComputeIfAbsent(STORE_KEY, key -> start(), TestEmulator.class);
    }

    private static TestEmulator start() {
        String classpathFile = System.getProperty("s3proxy.classpath.file",
                RepoPaths.e2eDir().resolve("s3proxy-runtime/target/s3proxy.classpath").toString());
        try {
            Path workDir = Files.createTempDirectory("bitrise-emulator-test-");
            return new TestEmulator(Emulator.start(Path.of(classpathFile), workDir));
        } catch (IOException e) {
            throw new UncheckedIOException("Starting the emulator failed", e);
        }
    }
}
