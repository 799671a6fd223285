package io.signingsync.output;

/** The step outputs: exported to later steps under {@link #envKey()} or, on GitHub, {@link #githubName()}. */
public enum OutputName {
    PROVISIONING_PROFILE_SLUGS("provisioning-profile-slugs",
            "Slugs of the synced provisioning profiles, in file-name order, separated by |"),
    BUILD_CERTIFICATE_SLUGS("build-certificate-slugs",
            "Slugs of the synced build certificates, in file-name order, separated by |"),
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
}
