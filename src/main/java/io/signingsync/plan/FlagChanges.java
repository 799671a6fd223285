package io.signingsync.plan;

import io.signingsync.api.FlagUpdate;
import io.signingsync.api.RemoteFile;
import io.signingsync.scan.FileKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The PATCHes that bring one record to the wanted flags, within the API's rules: protection is
 * one-way, and {@code is_expose} cannot change while a file is protected. Protection is always
 * sent last and on its own, so the other fields are set while the API still accepts them.
 *
 * @param settings {@code is_expose} and {@code certificate_password}, when either differs; else empty
 * @param protection {@code is_protected=true}, when the record is not protected yet; else empty
 * @param warnings one sentence per wanted setting that the API's rules forbid applying
 */
public record FlagChanges(FlagUpdate settings, FlagUpdate protection, List<String> warnings) {

    private static final FlagUpdate NONE = new FlagUpdate(null, null, null);

    public FlagChanges {
        warnings = List.copyOf(warnings);
    }

    public boolean isEmpty() {
        return settings.isEmpty() && protection.isEmpty();
    }

    /** Computes the changes from a record's current state; only fields that differ are sent. */
    public static FlagChanges between(RemoteFile current, DesiredFlags desired) {
        if (!current.kind().hasFlags()) {
            return new FlagChanges(NONE, NONE, List.of());
        }
        List<String> warnings = new ArrayList<>();
        String name = "'" + current.uploadFileName() + "' (" + current.slug() + ")";
        if (current.isProtected()) {
            if (!desired.isProtected()) {
                warnings.add(name + " is protected on Bitrise and protection cannot be undone, so is_protected=no"
                        + " was not applied; delete the file on Bitrise and sync again to upload it unprotected");
            }
            if (desired.isExpose() != current.isExpose()) {
                warnings.add(name + " is protected on Bitrise, so its is_expose cannot change and is_expose="
                        + (desired.isExpose() ? "yes" : "no") + " was not applied; delete the file on Bitrise and"
                        + " sync again to apply it");
            }
            // The API returns no password for a protected file, so a wrong one cannot even be detected here.
            return new FlagChanges(NONE, NONE, warnings);
        }

        Boolean expose = desired.isExpose() != current.isExpose() ? desired.isExpose() : null;
        boolean passwordChanged = current.kind() == FileKind.BUILD_CERTIFICATE
                && !desired.certificatePassword().isEmpty()
                && !desired.certificatePassword().equals(current.certificatePassword());
        FlagUpdate settings = new FlagUpdate(expose, passwordChanged ? desired.certificatePassword() : null, null);
        FlagUpdate protection = desired.isProtected() ? new FlagUpdate(null, null, true) : NONE;
        return new FlagChanges(settings, protection, warnings);
    }

    /** Describes every change for the log and the report, secrets masked; empty when nothing changes. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!settings.isEmpty()) {
            parts.add(settings.toString());
        }
        if (!protection.isEmpty()) {
            parts.add(protection.toString());
        }
        return String.join(", ", parts);
    }
}
