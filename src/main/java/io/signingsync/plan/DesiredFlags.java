package io.signingsync.plan;

import io.signingsync.config.Secret;
import java.util.Map;

/**
 * The flags every synced file should end up with.
 *
 * @param isExpose wanted {@code is_expose}
 * @param isProtected wanted {@code is_protected}; only {@code true} can be applied to a protected file
 * @param certificatePassword wanted password of build certificates; empty means "leave as is"
 * @param passwordsByFile passwords of single .p12 files, by remote file name, overriding {@code certificatePassword}
 */
public record DesiredFlags(boolean isExpose, boolean isProtected, Secret certificatePassword,
        Map<String, Secret> passwordsByFile) {

    public DesiredFlags {
        passwordsByFile = Map.copyOf(passwordsByFile);
    }

    public DesiredFlags(boolean isExpose, boolean isProtected, Secret certificatePassword) {
        this(isExpose, isProtected, certificatePassword, Map.of());
    }

    /** Returns the flags for one local file, with that file's own password when it has one. */
    public DesiredFlags forFile(String remoteName) {
        Secret password = passwordsByFile.getOrDefault(remoteName, certificatePassword);
        return new DesiredFlags(isExpose, isProtected, password, Map.of());
    }
}
