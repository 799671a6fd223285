package io.signingsync;

import io.signingsync.api.ApiException;
import io.signingsync.config.Configuration;
import io.signingsync.config.Input;
import org.slf4j.Logger;

/** Logs why listing the app's files failed, in both modes, and chooses the exit code. */
public final class ListFailure {

    private ListFailure() {
    }

    /**
     * Logs one error line: a rejected token (401) or an app the token cannot reach (404) is bad
     * configuration, anything else a failed sync.
     *
     * @param consequence what the failure left undone, such as "nothing was changed"
     * @return {@link ExitCode#BAD_CONFIGURATION} or {@link ExitCode#SYNC_FAILED}
     */
    public static int report(ApiException error, Configuration config, String consequence, Logger log) {
        if (error.status() == 401) {
            log.error("The Bitrise API rejected bitrise_api_token{} (401 Unauthorized: {}). Check that the token"
                    + " is valid and not expired; create a new one under Account settings > Security if needed",
                    from(config, Input.BITRISE_API_TOKEN), error.serverMessage());
            return ExitCode.BAD_CONFIGURATION;
        }
        if (error.status() == 404) {
            log.error("The Bitrise API found no app '{}'{} for this token (404 Not Found: {}). Check app_slug, and"
                    + " that the token's owner is an Admin or Owner of the app", config.appSlug(),
                    from(config, Input.APP_SLUG), error.serverMessage());
            return ExitCode.BAD_CONFIGURATION;
        }
        log.error("Listing the app's files failed, so {}: {}", consequence, error.getMessage());
        return ExitCode.SYNC_FAILED;
    }

    /** Returns " (value from SOURCE)" for an input the user set, so the message names what to fix. */
    private static String from(Configuration config, Input input) {
        String source = config.sourceOf(input);
        return source == null ? "" : " (value from " + source + ")";
    }
}
