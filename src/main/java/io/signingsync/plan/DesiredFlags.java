package io.signingsync.plan;

import io.signingsync.config.Secret;

/**
 * The flags every synced file should end up with.
 *
 * @param isExpose wanted {@code is_expose}
 * @param isProtected wanted {@code is_protected}; only {@code true} can be applied to a protected file
 * @param certificatePassword wanted password of build certificates; empty means "leave as is"
 */
public record DesiredFlags(boolean isExpose, boolean isProtected, Secret certificatePassword) {
}
