package io.signingsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signingsync.api.FlagUpdate;
import io.signingsync.api.RemoteFile;
import io.signingsync.config.Secret;
import io.signingsync.scan.FileKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlagChangesTest {

    private static final FlagUpdate NONE = new FlagUpdate(null, null, null);

    private static RemoteFile certificate(boolean isExpose, boolean isProtected, Secret password) {
        return new RemoteFile(FileKind.BUILD_CERTIFICATE, "cert-slug", "Dist.p12", 10, true, isExpose, isProtected,
                password, null);
    }

    private static RemoteFile profile(boolean isExpose, boolean isProtected) {
        return new RemoteFile(FileKind.PROVISIONING_PROFILE, "prof-slug", "App.mobileprovision", 10, true, isExpose,
                isProtected, null, null);
    }

    @Test
    void matchingRecordNeedsNoChange() {
        RemoteFile record = certificate(true, false, Secret.of("pw-1"));

        FlagChanges changes = FlagChanges.between(record, new DesiredFlags(true, false, Secret.of("pw-1")));

        assertTrue(changes.isEmpty());
        assertEquals(List.of(), changes.warnings());
        assertEquals("", changes.describe());
    }

    @Test
    void onlyDifferingExposeSent() {
        RemoteFile record = certificate(true, false, Secret.of("pw-1"));

        FlagChanges changes = FlagChanges.between(record, new DesiredFlags(false, false, Secret.of("pw-1")));

        assertEquals(new FlagUpdate(false, null, null), changes.settings());
        assertEquals(NONE, changes.protection());
    }

    @Test
    void protectionSentSeparately() {
        RemoteFile record = certificate(true, false, Secret.empty());

        FlagChanges changes = FlagChanges.between(record, new DesiredFlags(false, true, Secret.of("pw-2")));

        assertEquals(new FlagUpdate(false, Secret.of("pw-2"), null), changes.settings());
        assertEquals(new FlagUpdate(null, null, true), changes.protection());
    }

    @Test
    void describeListsProtectionLast() {
        RemoteFile record = certificate(true, false, Secret.empty());

        FlagChanges changes = FlagChanges.between(record, new DesiredFlags(false, true, Secret.of("pw-secret-77")));

        assertEquals("is_expose=no, certificate_password=*****, is_protected=yes", changes.describe());
    }

    @Test
    void protectedRecordUnprotectWantedWarns() {
        RemoteFile record = certificate(true, true, null);

        FlagChanges changes = FlagChanges.between(record, new DesiredFlags(true, false, Secret.empty()));

        assertTrue(changes.isEmpty());
        assertEquals(1, changes.warnings().size());
        assertTrue(changes.warnings().get(0).contains("is_protected=no was not applied"), changes.warnings().get(0));
    }

    @Test
    void protectedRecordExposeChangeWarns() {
        RemoteFile record = certificate(true, true, null);

        FlagChanges changes = FlagChanges.between(record, new DesiredFlags(false, true, Secret.empty()));

        assertTrue(changes.isEmpty());
        assertEquals(1, changes.warnings().size());
        assertTrue(changes.warnings().get(0).contains("is_expose=no"), changes.warnings().get(0));
    }

    @Test
    void protectedRecordSameExposeSilent() {
        RemoteFile record = profile(false, true);

        FlagChanges changes = FlagChanges.between(record, new DesiredFlags(false, true, Secret.empty()));

        assertTrue(changes.isEmpty());
        assertEquals(List.of(), changes.warnings());
    }

    @Test
    void protectedRecordGetsNoPassword() {
        RemoteFile record = certificate(true, true, null);

        FlagChanges changes = FlagChanges.between(record, new DesiredFlags(true, true, Secret.of("pw-3")));

        assertEquals(NONE, changes.settings());
    }

    @Test
    void differentPasswordSent() {
        RemoteFile record = certificate(true, false, Secret.of("old-password"));

        FlagChanges changes = FlagChanges.between(record, new DesiredFlags(true, false, Secret.of("new-password")));

        assertEquals(Secret.of("new-password"), changes.settings().certificatePassword());
        assertNull(changes.settings().isExpose());
    }

    @Test
    void samePasswordNotSent() {
        RemoteFile record = certificate(true, false, Secret.of("same-password"));

        FlagChanges changes = FlagChanges.between(record, new DesiredFlags(true, false, Secret.of("same-password")));

        assertNull(changes.settings().certificatePassword());
    }

    @Test
    void emptyPasswordNotSent() {
        RemoteFile record = certificate(true, false, Secret.of("stored-password"));

        FlagChanges changes = FlagChanges.between(record, new DesiredFlags(true, false, Secret.empty()));

        assertNull(changes.settings().certificatePassword());
    }

    @Test
    void unreturnedPasswordIsSent() {
        RemoteFile record = certificate(true, false, null);

        FlagChanges changes = FlagChanges.between(record, new DesiredFlags(true, false, Secret.of("pw-4")));

        assertEquals(Secret.of("pw-4"), changes.settings().certificatePassword());
    }

    @Test
    void profileNeverGetsPassword() {
        RemoteFile record = profile(true, false);

        FlagChanges changes = FlagChanges.between(record, new DesiredFlags(true, false, Secret.of("pw-5")));

        assertNull(changes.settings().certificatePassword());
        assertTrue(changes.isEmpty());
    }

    @Test
    void alreadyProtectedNotProtectedAgain() {
        RemoteFile record = profile(true, true);

        FlagChanges changes = FlagChanges.between(record, new DesiredFlags(true, true, Secret.empty()));

        assertEquals(NONE, changes.protection());
    }

    @Test
    void describeNeverShowsPassword() {
        RemoteFile record = certificate(true, false, null);

        FlagChanges changes = FlagChanges.between(record, new DesiredFlags(true, false, Secret.of("pw-hidden-991")));

        assertFalse(changes.describe().contains("pw-hidden-991"), changes.describe());
    }
}
