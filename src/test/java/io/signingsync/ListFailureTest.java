package io.signingsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.signingsync.api.ApiException;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class ListFailureTest {

    private final Logger log = mock(Logger.class);

    @Test
    void rejectedTokenIsBadConfiguration() {
        ApiException error = new ApiException("GET", "/v0.1/apps/app-1/provisioning-profiles", 401, "Unauthorized");

        int exitCode = ListFailure.report(error, "app-1", "nothing was changed", log);

        assertEquals(ExitCode.BAD_CONFIGURATION, exitCode);
        verify(log).error(contains("rejected bitrise_api_token"), eq("Unauthorized"));
    }

    @Test
    void unknownAppIsBadConfiguration() {
        ApiException error = new ApiException("GET", "/v0.1/apps/app-1/provisioning-profiles", 404, "Not Found");

        int exitCode = ListFailure.report(error, "app-1", "nothing was downloaded", log);

        assertEquals(ExitCode.BAD_CONFIGURATION, exitCode);
        verify(log).error(contains("Check app_slug"), eq("app-1"), eq("Not Found"));
    }

    @Test
    void serverErrorIsFailedSync() {
        ApiException error = new ApiException("GET", "/v0.1/apps/app-1/provisioning-profiles", 500, "boom");

        int exitCode = ListFailure.report(error, "app-1", "nothing was downloaded", log);

        assertEquals(ExitCode.SYNC_FAILED, exitCode);
        verify(log).error(contains("so {}"), eq("nothing was downloaded"), any(Object.class));
    }
}
