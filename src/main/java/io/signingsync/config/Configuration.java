package io.signingsync.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.signingsync.scan.FileKind;

/**
 * The validated configuration of one run. Nothing past {@link ConfigurationLoader} reads a raw
 * input string: every value here is parsed and checked.
 *
 * @param mode upload the folder, or download the app's files into it
 * @param apiToken the Bitrise API token, sent only to {@code apiBaseUrl}
 * @param appSlug the Bitrise app
 * @param signingFilesDir absolute path of an existing folder
 * @param isProtected whether every synced file ends up protected
 * @param isExpose whether every synced file ends up exposed to pull-request builds
 * @param certificatePassword password of the .p12 files; empty means "leave the remote passwords as they are"
 * @param certificatePasswords per-file passwords, by file name in Unicode NFC, overriding {@code certificatePassword}
 * @param allowExpired upload expired files instead of rejecting them
 * @param expiryWarningDays warn about files that expire within this many days
 * @param verifyRemote compare bytes with the remote file when name and size match and no SHA-256 is served
 * @param replaceChanged delete the old record of a changed file once the new one is confirmed
 * @param parallelUploads how many files are uploaded at the same time
 * @param includeGenericFiles upload files of no known kind as generic project files
 * @param keystore the credentials Android keystores are checked and uploaded with
 * @param prune delete remote files of the synced kinds that have no local file
 * @param pruneProtected let prune delete protected files
 * @param downloadKinds the kinds download mode fetches
 * @param overwrite let download mode replace a local file whose bytes differ
 * @param apiBaseUrl API root without a trailing slash, for example {@code https://api.bitrise.io/v0.1}
 * @param dryRun print the plan and change nothing
 * @param verbose log every request
 * @param outputFile dotenv file for the outputs outside Bitrise and GitHub, or null for stdout
 * @param reportFile JSON report path, or null for the platform's default place
 * @param sources where each input's value came from, for the effective-configuration printout
 * @param warnings problems that were corrected, to be logged once logging is set up
 */
public record Configuration(
        Mode mode,
        Secret apiToken,
        String appSlug,
        Path signingFilesDir,
        boolean isProtected,
        boolean isExpose,
        Secret certificatePassword,
        Map<String, Secret> certificatePasswords,
        boolean allowExpired,
        int expiryWarningDays,
        boolean verifyRemote,
        boolean replaceChanged,
        int parallelUploads,
        boolean includeGenericFiles,
        KeystoreCredentials keystore,
        boolean prune,
        boolean pruneProtected,
        Set<FileKind> downloadKinds,
        boolean overwrite,
        URI apiBaseUrl,
        boolean dryRun,
        boolean verbose,
        Path outputFile,
        Path reportFile,
        Map<Input, String> sources,
        List<String> warnings) {

    public Configuration {
        certificatePasswords = Map.copyOf(certificatePasswords);
        downloadKinds = Set.copyOf(downloadKinds);
        sources = Map.copyOf(sources);
        warnings = List.copyOf(warnings);
    }

    /** Returns the password for a .p12 file: its own entry in {@code certificatePasswords}, else {@code certificatePassword}. */
    public Secret passwordFor(String fileName) {
        return certificatePasswords.getOrDefault(fileName, certificatePassword);
    }

    /**
     * Returns where an input's value came from, in words for a message, such as "env INPUT_APP-SLUG"
     * or "$BITRISE_APP_SLUG, the default"; null for a plain default.
     */
    public String sourceOf(Input input) {
        return describeSource(sources.get(input));
    }

    /** Returns a source as {@link #sourceOf} words it; null for a missing source or a plain default. */
    static String describeSource(String source) {
        if (source == null || source.equals("default")) {
            return null;
        }
        if (source.startsWith("default (") && source.endsWith(")")) {
            return source.substring("default (".length(), source.length() - 1) + ", the default";
        }
        return source;
    }

    /** Returns the value of an input as it is printed at start, secrets masked. */
    public String printableValue(Input input) {
        return switch (input) {
            case MODE -> mode.name().toLowerCase(java.util.Locale.ROOT);
            case INCLUDE_GENERIC_FILES -> Booleans.format(includeGenericFiles);
            case KEYSTORE_PASSWORD -> keystore.password().toString();
            case KEYSTORE_ALIAS -> keystore.alias().toString();
            case KEYSTORE_PRIVATE_KEY_PASSWORD -> keystore.privateKeyPassword().toString();
            case PRUNE -> Booleans.format(prune);
            case PRUNE_PROTECTED -> Booleans.format(pruneProtected);
            case KINDS -> String.join(",", downloadKinds.stream().sorted().map(FileKind::apiCollection).toList());
            case OVERWRITE -> Booleans.format(overwrite);
            case BITRISE_API_TOKEN -> apiToken.toString();
            case APP_SLUG -> appSlug;
            case SIGNING_FILES_DIR -> signingFilesDir.toString();
            case IS_PROTECTED -> Booleans.format(isProtected);
            case IS_EXPOSE -> Booleans.format(isExpose);
            case CERTIFICATE_PASSWORD -> certificatePassword.toString();
            case CERTIFICATE_PASSWORDS -> certificatePasswords.isEmpty() ? "<empty>"
                    : certificatePasswords.size() + " entries for " + String.join(", ",
                            new java.util.TreeSet<>(certificatePasswords.keySet())) + ", passwords *****";
            case ALLOW_EXPIRED -> Booleans.format(allowExpired);
            case EXPIRY_WARNING_DAYS -> String.valueOf(expiryWarningDays);
            case VERIFY_REMOTE -> Booleans.format(verifyRemote);
            case REPLACE_CHANGED -> Booleans.format(replaceChanged);
            case PARALLEL_UPLOADS -> String.valueOf(parallelUploads);
            case API_BASE_URL -> apiBaseUrl.toString();
            case DRY_RUN -> Booleans.format(dryRun);
            case VERBOSE -> Booleans.format(verbose);
        };
    }
}
