package io.signingsync.e2e.emulator;

import java.util.Optional;

/** A kind of file the Bitrise API v0.1 stores, named by its path segment under /apps/{app-slug}/. */
public enum Kind {
    PROVISIONING_PROFILE("provisioning-profiles"),
    BUILD_CERTIFICATE("build-certificates"),
    GENERIC_PROJECT_FILE("generic-project-files"),
    ANDROID_KEYSTORE("android-keystore-files");

    private final String pathSegment;

    Kind(String pathSegment) {
        this.pathSegment = pathSegment;
    }

    public String pathSegment() {
        return pathSegment;
    }

    public static Optional<Kind> fromPathSegment(String segment) {
        for (Kind kind : values()) {
            if (kind.pathSegment.equals(segment)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /**
     * Tells whether a record of {@code recordKind} is reachable through this kind's endpoints.
     * Keystores are stored as generic project files on Bitrise (their upload URL path is
     * project_file_storage_documents/..., and the add-on backend reads them through the generic
     * show endpoint), so the generic endpoints list and serve keystore records too.
     */
    public boolean includes(Kind recordKind) {
        return this == recordKind || (this == GENERIC_PROJECT_FILE && recordKind == ANDROID_KEYSTORE);
    }
}
