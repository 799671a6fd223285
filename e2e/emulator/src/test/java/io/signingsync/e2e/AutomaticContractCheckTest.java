package io.signingsync.e2e;

import static io.signingsync.e2e.ApiTestSupport.appPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs {@link SampleTests} through the JUnit launcher, as a test class written by someone else,
 * to prove that {@link EmulatorExtension} fails a test whose request breaks the spec although the
 * test's own assertions pass. The launcher starts a second emulator for the sample run.
 */
class AutomaticContractCheckTest {

    @Test
    void violatingTestFailsWithRequestAndRule() {
        TestExecutionSummary summary = runSampleTests();
        Map<String, Throwable> failures = summary.getFailures().stream()
                .collect(Collectors.toMap(failure -> failure.getTestIdentifier().getDisplayName(),
                        TestExecutionSummary.Failure::getException));

        assertEquals(3, summary.getTestsStartedCount());
        assertEquals(List.of("sendsLimitAboveMaximum(TestEmulator)"), List.copyOf(failures.keySet()));
        String message = failures.get("sendsLimitAboveMaximum(TestEmulator)").getMessage();
        assertTrue(message.contains("request GET /v0.1/apps/" + TestEmulator.APP_SLUG
                + "/provisioning-profiles?limit=100 (spec path /v0.1/apps/{app-slug}/provisioning-profiles)"
                + ": query parameter 'limit' is 100, above the maximum of 50"), message);
    }

    private static TestExecutionSummary runSampleTests() {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(SampleTests.class))
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return listener.getSummary();
    }

    /**
     * Tests that only the launcher above runs: Surefire skips nested classes, and Jupiter does not
     * discover a static nested class that is not marked {@code @Nested}.
     */
    @ExtendWith(EmulatorExtension.class)
    static class SampleTests {
        @Test
        void sendsLimitAboveMaximum(TestEmulator emulator) {
            assertEquals(400, ApiTestSupport.get(emulator, appPath(emulator, "provisioning-profiles") + "?limit=100")
                    .statusCode());
        }

        @Test
        @SendsInvalidRequests("shows that the mark exempts request violations")
        void marksLimitAboveMaximum(TestEmulator emulator) {
            assertEquals(400, ApiTestSupport.get(emulator, appPath(emulator, "provisioning-profiles") + "?limit=100")
                    .statusCode());
        }

        @Test
        void sendsValidList(TestEmulator emulator) {
            assertEquals(200, ApiTestSupport.get(emulator, appPath(emulator, "provisioning-profiles") + "?limit=50")
                    .statusCode());
        }
    }
}
