package io.signingsync.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The validated configuration of one run. Nothing past {@link ConfigurationLoader} reads a raw
 * input string: every value here is parsed and checked.
 *
 * @param apiToken the Bitrise API token, sent only to {@code apiBaseUrl}
 * @param appSlug the Bitrise app
 * @param signingFilesDir absolute path of an existing folder
 * @param isProtected whether every synced file ends up protected
 * @param isExpose whether every synced file ends up exposed to pull-request builds
 * @param certificatePassword password of the .p12 files; empty means "leave the remote passwords as they are"
 * @param apiBaseUrl API root without a trailing slash, for example {@code https://api.bitrise.io/v0.1}
 * @param dryRun print the plan and change nothing
 * @param verbose log every request
 * @param outputFile dotenv file for the outputs outside Bitrise and GitHub, or null for stdout
 * @param reportFile JSON report path, or null for the platform's default place
 * @param sources where each input's value came from, for the effective-configuration printout
 * @param warnings problems that were corrected, to be logged once logging is set up
 */
public record Configuration(
        Secret apiToken,
        String appSlug,
        Path signingFilesDir,
        boolean isProtected,
        boolean isExpose,
        Secret certificatePassword,
        URI apiBaseUrl,
        boolean dryRun,
        boolean verbose,
        Path outputFile,
        Path reportFile,
        Map<Input, String> sources,
        List<String> warnings) {

    public Configuration {
        sources = Map.copyOf(sources);
        warnings = List.copyOf(warnings);
    }

    /** Returns the value of an input as it is printed at start, secrets masked. */
    public String printableValue(Input input) {
        return switch (input) {
            case BITRISE_API_TOKEN -> apiToken.toString();
            case APP_SLUG -> appSlug;
            case SIGNING_FILES_DIR -> signingFilesDir.toString();
            case IS_PROTECTED -> Booleans.format(isProtected);
            case IS_EXPOSE -> Booleans.format(isExpose);
            case CERTIFICATE_PASSWORD -> certificatePassword.toString();
            case API_BASE_URL -> apiBaseUrl.toString();
            case DRY_RUN -> Booleans.format(dryRun);
            case VERBOSE -> Booleans.format(verbose);
        };
    }
}
