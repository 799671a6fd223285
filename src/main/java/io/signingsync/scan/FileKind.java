package io.signingsync.scan;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A kind of code-signing file, with the API collection that stores it and the extensions that select it. */
public enum FileKind {
    PROVISIONING_PROFILE("provisioning-profiles", "provisioning profile", List.of(".mobileprovision", ".provisionprofile")),
    BUILD_CERTIFICATE("build-certificates", "build certificate", List.of(".p12"));

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

    /** Returns the kind a file name's extension selects, compared without regard to case. */
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
}
