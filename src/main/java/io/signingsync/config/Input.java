package io.signingsync.config;

import java.util.Locale;

/**
 * The program's inputs: the public interface shared by the command line, step.yml and action.yml.
 *
 * <p>Each input is read, in this order of precedence, from its command-line flag, the GitHub
 * Actions variable {@code INPUT_<GITHUB NAME>} (upper-cased, hyphens kept), the Bitrise-style
 * variable named exactly after {@link #key()}, and finally {@link #defaultValue()}. An empty
 * value at one level counts as unset, so the next level decides. Secrets have no plain flag
 * (process lists show command lines): their flag names a file that contains the value.
 */
public enum Input {
    MODE("mode", Type.TEXT, "upload",
            "upload syncs the folder to the Bitrise app; download writes the app's files into the folder."),
    BITRISE_API_TOKEN("bitrise_api_token", Type.SECRET, "",
            "Bitrise personal access token or workspace API token with Admin or Owner role on the app."),
    APP_SLUG("app_slug", Type.TEXT, "$BITRISE_APP_SLUG",
            "Slug of the Bitrise app whose code-signing files are synced."),
    SIGNING_FILES_DIR("signing_files_dir", Type.TEXT, "",
            "Folder of signing files to sync, searched recursively."),
    IS_PROTECTED("is_protected", Type.BOOLEAN, "no",
            "Protect every synced file on Bitrise. Protection cannot be undone."),
    IS_EXPOSE("is_expose", Type.BOOLEAN, "yes",
            "Expose every synced file to pull-request builds."),
    CERTIFICATE_PASSWORD("certificate_password", Type.SECRET, "",
            "Password of the .p12 build certificates. Empty leaves the passwords on Bitrise as they are."),
    CERTIFICATE_PASSWORDS("certificate_passwords", Type.SECRET, "",
            "Passwords of single .p12 files, one FILE_NAME=PASSWORD per line; they override certificate_password"
                    + " for those files. Write = and \\ in a file name as \\= and \\\\; the password is everything"
                    + " after the first unescaped =."),
    ALLOW_EXPIRED("allow_expired", Type.BOOLEAN, "no",
            "Upload expired certificates and profiles too, instead of rejecting them."),
    EXPIRY_WARNING_DAYS("expiry_warning_days", Type.TEXT, "30",
            "Warn about certificates and profiles that expire within this many days."),
    VERIFY_REMOTE("verify_remote", Type.BOOLEAN, "no",
            "When the API serves no file_sha256, download unprotected files whose name and size match and"
                    + " compare the bytes."),
    REPLACE_CHANGED("replace_changed", Type.BOOLEAN, "no",
            "Delete the old record of a file whose content changed, once the new one is uploaded."),
    INCLUDE_GENERIC_FILES("include_generic_files", Type.BOOLEAN, "no",
            "Upload every file that is not a profile, certificate or keystore as a generic project file, exposed to"
                    + " builds under a key made from its name (google-services.json: GOOGLE_SERVICES_JSON)."),
    KEYSTORE_PASSWORD("keystore_password", Type.SECRET, "",
            "Store password of the Android keystores (.jks, .keystore) in the folder."),
    KEYSTORE_ALIAS("keystore_alias", Type.SECRET, "",
            "Alias of the signing key in the Android keystores."),
    KEYSTORE_PRIVATE_KEY_PASSWORD("keystore_private_key_password", Type.SECRET, "",
            "Password of the signing key in the Android keystores."),
    PRUNE("prune", Type.BOOLEAN, "no",
            "Delete files of the synced kinds that are on Bitrise but not in the folder, after every upload"
                    + " succeeded; never in a run with a failure."),
    PRUNE_PROTECTED("prune_protected", Type.BOOLEAN, "no",
            "Let prune delete protected files too."),
    KINDS("kinds", Type.TEXT, "provisioning-profiles,build-certificates",
            "In download mode, the kinds to download: provisioning-profiles, build-certificates,"
                    + " generic-project-files, separated by commas, spaces or |."),
    OVERWRITE("overwrite", Type.BOOLEAN, "no",
            "In download mode, replace a local file whose bytes differ from the one on Bitrise."),
    PARALLEL_UPLOADS("parallel_uploads", Type.TEXT, "4",
            "How many files are uploaded at the same time, from 1 to 16."),
    API_BASE_URL("api_base_url", Type.TEXT, "https://api.bitrise.io/v0.1",
            "Root URL of the Bitrise API. Must be https, except on a loopback host."),
    DRY_RUN("dry_run", Type.BOOLEAN, "no",
            "Print the plan and change nothing."),
    VERBOSE("verbose", Type.BOOLEAN, "no",
            "Log every request the program sends.");

    /** The way an input's value is read and printed. */
    public enum Type { TEXT, BOOLEAN, SECRET }

    private final String key;
    private final Type type;
    private final String defaultValue;
    private final String description;

    Input(String key, Type type, String defaultValue, String description) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The Bitrise step input key, for example {@code signing_files_dir}. */
    public String key() {
        return key;
    }

    /** The GitHub Actions input name, for example {@code signing-files-dir}. */
    public String githubName() {
        return key.replace('_', '-');
    }

    /** The environment variable GitHub sets for this input, for example {@code INPUT_SIGNING-FILES-DIR}. */
    public String githubVariable() {
        return "INPUT_" + githubName().toUpperCase(Locale.ROOT);
    }

    /** The long option name without dashes; a secret's option names a file that contains the value. */
    public String flag() {
        return secret() ? githubName() + "-file" : githubName();
    }

    public Type type() {
        return type;
    }

    public boolean secret() {
        return type == Type.SECRET;
    }

    public boolean booleanValued() {
        return type == Type.BOOLEAN;
    }

    /**
     * The documented default: a literal, an empty string for "none", or {@code $NAME} for the
     * value of the environment variable NAME.
     */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
