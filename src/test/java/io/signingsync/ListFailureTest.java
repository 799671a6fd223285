package io.signingsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.signingsync.api.ApiException;
import io.signingsync.config.CommandLineOptions;
import io.signingsync.config.Configuration;
import io.signingsync.config.ConfigurationLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

class ListFailureTest {

    private static final String LIST_PATH = "/v0.1/apps/app-1/provisioning-profiles";

    @TempDir
    Path folder;

    private final Logger log = mock(Logger.class);
    private Configuration config;

    @BeforeEach
    void loadConfiguration() throws Exception {
        Map<String, String> environment = Map.of(
                "bitrise_api_token", "token-from-bitrise-variable",
                "INPUT_APP-SLUG", "app-1",
                "signing_files_dir", folder.toString());
        config = new ConfigurationLoader(environment, folder).load(CommandLineOptions.parse(new String[0]));
    }

    @Test
    void rejectedTokenIsBadConfiguration() {
        ApiException error = new ApiException("GET", LIST_PATH, 401, "Unauthorized");

        int exitCode = ListFailure.report(error, config, "nothing was changed", log);

        assertEquals(ExitCode.BAD_CONFIGURATION, exitCode);
        verify(log).error(contains("rejected bitrise_api_token{}"), eq(" (value from env bitrise_api_token)"),
                eq("Unauthorized"));
    }

    @Test
    void unknownAppNamesSlugSource() {
        ApiException error = new ApiException("GET", LIST_PATH, 404, "Not Found");

        int exitCode = ListFailure.report(error, config, "nothing was downloaded", log);

        assertEquals(ExitCode.BAD_CONFIGURATION, exitCode);
        verify(log).error(contains("Check app_slug"), eq("app-1"), eq(" (value from env INPUT_APP-SLUG)"),
                eq("Not Found"));
    }

    @Test
    void serverErrorIsFailedSync() {
        ApiException error = new ApiException("GET", LIST_PATH, 500, "boom");

        int exitCode = ListFailure.report(error, config, "nothing was downloaded", log);

        assertEquals(ExitCode.SYNC_FAILED, exitCode);
        verify(log).error(contains("so {}"), eq("nothing was downloaded"), any(Object.class));
    }
}
