package io.signingsync.api;

import io.signingsync.config.Secret;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one PATCH to a file record; a null field is not sent.
 *
 * @param isExpose new {@code is_expose}, or null
 * @param certificatePassword new {@code certificate_password} (build certificates only), or null
 * @param isProtected new {@code is_protected}, or null
 */
public record FlagUpdate(Boolean isExpose, Secret certificatePassword, Boolean isProtected) {

    public boolean isEmpty() {
        return isExpose == null && certificatePassword == null && isProtected == null;
    }

    /** Describes the change for the log, for example {@code is_expose=no, certificate_password=*****}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (isExpose != null) {
            parts.add("is_expose=" + (isExpose ? "yes" : "no"));
        }
        if (certificatePassword != null) {
            parts.add("certificate_password=" + certificatePassword);
        }
        if (isProtected != null) {
            parts.add("is_protected=" + (isProtected ? "yes" : "no"));
        }
        return String.join(", ", parts);
    }
}
