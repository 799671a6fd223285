package io.signingsync.output;

/** The step outputs: exported to later steps under {@link #envKey()} or, on GitHub, {@link #githubName()}. */
public enum OutputName {
    PROVISIONING_PROFILE_SLUGS("provisioning-profile-slugs",
            "Slugs of the synced provisioning profiles, in file-name order, separated by |"),
    BUILD_CERTIFICATE_SLUGS("build-certificate-slugs",
            "Slugs of the synced build certificates, in file-name order, separated by |"),
    GENERIC_PROJECT_FILE_SLUGS("generic-project-file-slugs",
            "Slugs of the synced generic project files, in file-name order, separated by |"),
    GENERIC_PROJECT_FILE_ENV_KEYS("generic-project-file-env-keys",
            "user_env_key of each synced generic project file, in the same order; builds see file KEY as"
                    + " BITRISEIO_KEY_URL"),
    ANDROID_KEYSTORE_SLUGS("android-keystore-slugs",
            "Slugs of the synced Android keystores, in file-name order, separated by |"),
    PROVISIONING_PROFILE_PATHS("provisioning-profile-paths",
            "Local paths of the synced or downloaded provisioning profiles, in the same order as the slugs"),
    BUILD_CERTIFICATE_PATHS("build-certificate-paths",
            "Local paths of the synced or downloaded build certificates, in the same order as the slugs"),
    GENERIC_PROJECT_FILE_PATHS("generic-project-file-paths",
            "Local paths of the synced or downloaded generic project files, in the same order as the slugs"),
    BUILD_CERTIFICATE_PASSWORDS("build-certificate-passwords",
            "Download mode: the passwords Bitrise stores for the downloaded certificates, in the same order,"
                    + " separated by |; exported as a secret on Bitrise and GitHub only, never to a dotenv file"),
    SIGNING_SYNC_REPORT_PATH("report-path",
            "Path of the JSON report: per file its path, kind, slug and what was done");

    private final String githubName;
    private final String description;

    OutputName(String githubName, String description) {
        this.githubName = githubName;
        this.description = description;
    }

    /** The Bitrise and dotenv name, for example {@code PROVISIONING_PROFILE_SLUGS}. */
    public String envKey() {
        return name();
    }

    /** The GitHub Actions output name, for example {@code provisioning-profile-slugs}. */
    public String githubName() {
        return githubName;
    }

    public String description() {
        return description;
    }

    /** Whether the value is one or more local paths, separated by |. */
    public boolean paths() {
        return this == PROVISIONING_PROFILE_PATHS || this == BUILD_CERTIFICATE_PATHS
                || this == GENERIC_PROJECT_FILE_PATHS || this == SIGNING_SYNC_REPORT_PATH;
    }

    /** Whether the value is a secret: exported masked, and never to a file other users can read. */
    public boolean sensitive() {
        return this == BUILD_CERTIFICATE_PASSWORDS;
    }
}
