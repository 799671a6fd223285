package io.signingsync.scan;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A kind of code-signing file, with the API collection that stores it and the extensions that select it. */
public enum FileKind {
    PROVISIONING_PROFILE("provisioning-profiles", "provisioning profile", List.of(".mobileprovision", ".provisionprofile")),
    BUILD_CERTIFICATE("build-certificates", "build certificate", List.of(".p12")),
    ANDROID_KEYSTORE("android-keystore-files", "Android keystore", List.of(".jks", ".keystore")),
    /** Any other file, synced only when generic files are included; selected by no extension. */
    GENERIC_PROJECT_FILE("generic-project-files", "generic project file", List.of());

    private final String apiCollection;
    private final String displayName;
    private final List<String> extensions;

    FileKind(String apiCollection, String displayName, List<String> extensions) {
        this.apiCollection = apiCollection;
        this.displayName = displayName;
        this.extensions = extensions;
    }

    /** The path segment of this kind's endpoints, for example {@code provisioning-profiles}. */
    public String apiCollection() {
        return apiCollection;
    }

    public String displayName() {
        return displayName;
    }

    /** Whether the API can change this kind's flags; keystores have no update endpoint. */
    public boolean hasFlags() {
        return this != ANDROID_KEYSTORE;
    }

    /** Returns the kind a file name's extension selects, compared without regard to case; never the generic kind. */
    public static Optional<FileKind> ofFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (FileKind kind : values()) {
            for (String extension : kind.extensions) {
                if (lower.endsWith(extension) && lower.length() > extension.length()) {
                    return Optional.of(kind);
                }
            }
        }
        return Optional.empty();
    }

    /** Returns the kind named by its API collection, for example {@code build-certificates}. */
    public static Optional<FileKind> ofApiCollection(String collection) {
        for (FileKind kind : values()) {
            if (kind.apiCollection.equals(collection)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
