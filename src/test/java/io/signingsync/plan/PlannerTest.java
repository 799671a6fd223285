package io.signingsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.signingsync.api.RemoteFile;
import io.signingsync.config.Secret;
import io.signingsync.scan.FileKind;
import io.signingsync.scan.LocalFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);
    private static final DesiredFlags DEFAULT_FLAGS = new DesiredFlags(true, false, Secret.empty());

    private static LocalFile local(FileKind kind, String name, long size, String sha256) {
        return new LocalFile(Path.of("/signing", name), name, name, kind, size, sha256);
    }

    private static RemoteFile remote(FileKind kind, String slug, String name, long size, boolean processed,
            String sha256) {
        return new RemoteFile(kind, slug, name, size, processed, true, false, Secret.empty(), sha256);
    }

    private static FilePlan planOne(LocalFile file, List<RemoteFile> records) {
        List<FilePlan> plans = Planner.plan(List.of(file), Map.of(file.kind(), records), DEFAULT_FLAGS);
        assertEquals(1, plans.size());
        return plans.get(0);
    }

    @Test
    void sameNameAndSizeAlreadyThere() {
        LocalFile file = local(FileKind.BUILD_CERTIFICATE, "Dist.p12", 100, HASH_A);
        RemoteFile record = remote(FileKind.BUILD_CERTIFICATE, "slug-1", "Dist.p12", 100, true, null);

        FilePlan plan = planOne(file, List.of(record));

        assertEquals(FilePlan.Action.ALREADY_ON_BITRISE, plan.action());
        assertEquals(record, plan.existing());
    }

    @Test
    void sameNameDifferentSizeUploads() {
        LocalFile file = local(FileKind.BUILD_CERTIFICATE, "Dist.p12", 100, HASH_A);
        RemoteFile record = remote(FileKind.BUILD_CERTIFICATE, "slug-1", "Dist.p12", 99, true, null);

        FilePlan plan = planOne(file, List.of(record));

        assertEquals(FilePlan.Action.UPLOAD, plan.action());
        assertNull(plan.existing());
    }

    @Test
    void sameSizeDifferentHashUploads() {
        LocalFile file = local(FileKind.PROVISIONING_PROFILE, "App.mobileprovision", 100, HASH_A);
        RemoteFile record = remote(FileKind.PROVISIONING_PROFILE, "slug-1", "App.mobileprovision", 100, true, HASH_B);

        FilePlan plan = planOne(file, List.of(record));

        assertEquals(FilePlan.Action.UPLOAD, plan.action());
    }

    @Test
    void sameHashAlreadyThere() {
        LocalFile file = local(FileKind.PROVISIONING_PROFILE, "App.mobileprovision", 100, HASH_A);
        RemoteFile record = remote(FileKind.PROVISIONING_PROFILE, "slug-1", "App.mobileprovision", 100, true, HASH_A);

        FilePlan plan = planOne(file, List.of(record));

        assertEquals(FilePlan.Action.ALREADY_ON_BITRISE, plan.action());
    }

    @Test
    void unprocessedRecordNeverCountsAsThere() {
        LocalFile file = local(FileKind.BUILD_CERTIFICATE, "Dist.p12", 100, HASH_A);
        RemoteFile unfinished = remote(FileKind.BUILD_CERTIFICATE, "slug-u", "Dist.p12", 100, false, null);

        FilePlan plan = planOne(file, List.of(unfinished));

        assertEquals(FilePlan.Action.UPLOAD, plan.action());
        assertEquals(List.of(unfinished), plan.leftovers());
    }

    @Test
    void leftoversDeletedWhenAlreadyThere() {
        LocalFile file = local(FileKind.BUILD_CERTIFICATE, "Dist.p12", 100, HASH_A);
        RemoteFile done = remote(FileKind.BUILD_CERTIFICATE, "slug-done", "Dist.p12", 100, true, null);
        RemoteFile unfinished1 = remote(FileKind.BUILD_CERTIFICATE, "slug-u1", "Dist.p12", 100, false, null);
        RemoteFile unfinished2 = remote(FileKind.BUILD_CERTIFICATE, "slug-u2", "Dist.p12", 5, false, null);
        RemoteFile otherName = remote(FileKind.BUILD_CERTIFICATE, "slug-o", "Other.p12", 100, false, null);

        FilePlan plan = planOne(file, List.of(unfinished1, done, otherName, unfinished2));

        assertEquals(FilePlan.Action.ALREADY_ON_BITRISE, plan.action());
        assertEquals(List.of(unfinished1, unfinished2), plan.leftovers());
    }

    @Test
    void remoteOnlyFilesNotPlanned() {
        LocalFile file = local(FileKind.BUILD_CERTIFICATE, "Dist.p12", 100, HASH_A);
        RemoteFile unrelated = remote(FileKind.BUILD_CERTIFICATE, "slug-x", "Unrelated.p12", 100, true, null);
        RemoteFile unrelatedProfile = remote(FileKind.PROVISIONING_PROFILE, "slug-y", "Other.mobileprovision", 7,
                true, null);

        List<FilePlan> plans = Planner.plan(List.of(file), Map.of(FileKind.BUILD_CERTIFICATE, List.of(unrelated),
                FileKind.PROVISIONING_PROFILE, List.of(unrelatedProfile)), DEFAULT_FLAGS);

        assertEquals(1, plans.size());
        assertEquals(file, plans.get(0).file());
        assertEquals(FilePlan.Action.UPLOAD, plans.get(0).action());
        assertEquals(List.of(), plans.get(0).leftovers());
    }

    @Test
    void namesComparedInNfc() {
        LocalFile file = local(FileKind.BUILD_CERTIFICATE, "Caf\u00e9.p12", 100, HASH_A);
        RemoteFile decomposed = remote(FileKind.BUILD_CERTIFICATE, "slug-1", "Cafe\u0301.p12", 100, true, null);

        FilePlan plan = planOne(file, List.of(decomposed));

        assertEquals(FilePlan.Action.ALREADY_ON_BITRISE, plan.action());
    }

    @Test
    void namesComparedWithCase() {
        LocalFile file = local(FileKind.BUILD_CERTIFICATE, "Dist.p12", 100, HASH_A);
        RemoteFile record = remote(FileKind.BUILD_CERTIFICATE, "slug-1", "dist.p12", 100, true, null);

        FilePlan plan = planOne(file, List.of(record));

        assertEquals(FilePlan.Action.UPLOAD, plan.action());
    }

    @Test
    void kindsKeptApart() {
        LocalFile certificate = local(FileKind.BUILD_CERTIFICATE, "App.p12", 100, HASH_A);
        LocalFile profile = local(FileKind.PROVISIONING_PROFILE, "App.p12", 100, HASH_A);
        RemoteFile profileRecord = remote(FileKind.PROVISIONING_PROFILE, "slug-p", "App.p12", 100, true, null);

        List<FilePlan> plans = Planner.plan(List.of(certificate, profile),
                Map.of(FileKind.PROVISIONING_PROFILE, List.of(profileRecord)), DEFAULT_FLAGS);

        assertEquals(FilePlan.Action.UPLOAD, plans.get(0).action());
        assertEquals(FilePlan.Action.ALREADY_ON_BITRISE, plans.get(1).action());
        assertEquals(profileRecord, plans.get(1).existing());
    }

    @Test
    void uploadPlansFlagsAgainstNewRecord() {
        LocalFile file = local(FileKind.BUILD_CERTIFICATE, "Dist.p12", 100, HASH_A);
        DesiredFlags desired = new DesiredFlags(false, true, Secret.of("pw-1234"));

        FilePlan plan = Planner.plan(List.of(file), Map.of(), desired).get(0);

        assertEquals(FilePlan.Action.UPLOAD, plan.action());
        assertEquals(Boolean.FALSE, plan.flagChanges().settings().isExpose());
        assertEquals(Secret.of("pw-1234"), plan.flagChanges().settings().certificatePassword());
        assertEquals(Boolean.TRUE, plan.flagChanges().protection().isProtected());
    }

    @Test
    void existingPlansFlagsAgainstRecord() {
        LocalFile file = local(FileKind.BUILD_CERTIFICATE, "Dist.p12", 100, HASH_A);
        RemoteFile record = new RemoteFile(FileKind.BUILD_CERTIFICATE, "slug-1", "Dist.p12", 100, true, false, false,
                Secret.empty(), null);

        FilePlan plan = planOne(file, List.of(record));

        assertEquals(Boolean.TRUE, plan.flagChanges().settings().isExpose());
    }
}
