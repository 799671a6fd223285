package io.signingsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signingsync.api.FlagUpdate;
import io.signingsync.api.RemoteFile;
import io.signingsync.config.Secret;
import io.signingsync.inspect.Inspection;
import io.signingsync.scan.FileKind;
import io.signingsync.scan.LocalFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Content matching of inspected files: SHA-256 across names, name and size, byte comparison, rejection. */
class PlannerContentTest {

    private static final FileKind CERT = FileKind.BUILD_CERTIFICATE;
    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);
    private static final DesiredFlags DEFAULT_FLAGS = new DesiredFlags(true, false, Secret.empty());

    private static LocalFile local(String name, long size, String sha256) {
        return new LocalFile(Path.of("/signing", name), name, name, CERT, size, sha256);
    }

    private static RemoteFile processed(String slug, String name, long size, String sha256) {
        return new RemoteFile(CERT, slug, name, size, true, true, false, Secret.empty(), sha256);
    }

    private static RemoteFile protectedRecord(String slug, String name, long size) {
        return new RemoteFile(CERT, slug, name, size, true, true, true, null, null);
    }

    private static FilePlan planOne(Inspection inspection, List<RemoteFile> records, DesiredFlags desired,
            boolean verifyRemote) {
        List<FilePlan> plans = Planner.plan(List.of(inspection), Map.of(CERT, records), desired, verifyRemote);
        assertEquals(1, plans.size());
        return plans.get(0);
    }

    private static FilePlan planOne(LocalFile file, List<RemoteFile> records, boolean verifyRemote) {
        return planOne(Inspection.notInspected(file), records, DEFAULT_FLAGS, verifyRemote);
    }

    @Test
    void sameHashOtherNameAlreadyThere() {
        LocalFile file = local("Renamed.p12", 100, HASH_A);
        RemoteFile record = processed("slug-1", "Original.p12", 100, HASH_A);

        FilePlan plan = planOne(file, List.of(record), false);

        assertEquals(FilePlan.Action.ALREADY_ON_BITRISE, plan.action());
        assertEquals(record, plan.existing());
    }

    @Test
    void sameHashWinsOverChangedSameName() {
        LocalFile file = local("Dist.p12", 100, HASH_A);
        RemoteFile elsewhere = processed("slug-same", "Copy.p12", 100, HASH_A);
        RemoteFile stale = processed("slug-stale", "Dist.p12", 100, HASH_B);

        FilePlan plan = planOne(file, List.of(stale, elsewhere), false);

        assertEquals(FilePlan.Action.ALREADY_ON_BITRISE, plan.action());
        assertEquals(elsewhere, plan.existing());
        assertEquals(List.of(stale), plan.changed());
    }

    @Test
    void sameNameOtherHashUploadsAsChanged() {
        LocalFile file = local("Dist.p12", 100, HASH_A);
        RemoteFile record = processed("slug-1", "Dist.p12", 100, HASH_B);

        FilePlan plan = planOne(file, List.of(record), false);

        assertEquals(FilePlan.Action.UPLOAD, plan.action());
        assertNull(plan.existing());
        assertEquals(List.of(record), plan.changed());
    }

    @Test
    void unprocessedSameHashNotMatched() {
        LocalFile file = local("Dist.p12", 100, HASH_A);
        RemoteFile unfinished = new RemoteFile(CERT, "slug-u", "Other.p12", 100, false, true, false, Secret.empty(),
                HASH_A);

        FilePlan plan = planOne(file, List.of(unfinished), false);

        assertEquals(FilePlan.Action.UPLOAD, plan.action());
    }

    @Test
    void nameAndSizeWithoutVerifyAlreadyThere() {
        LocalFile file = local("Dist.p12", 100, HASH_A);
        RemoteFile record = processed("slug-1", "Dist.p12", 100, null);

        FilePlan plan = planOne(file, List.of(record), false);

        assertEquals(FilePlan.Action.ALREADY_ON_BITRISE, plan.action());
        assertEquals(record, plan.existing());
        assertEquals(List.of(), plan.candidates());
    }

    @Test
    void nameAndSizeWithVerifyCompares() {
        LocalFile file = local("Dist.p12", 100, HASH_A);
        RemoteFile first = processed("slug-1", "Dist.p12", 100, null);
        RemoteFile locked = protectedRecord("slug-p", "Dist.p12", 100);
        RemoteFile second = processed("slug-2", "Dist.p12", 100, null);

        FilePlan plan = planOne(file, List.of(first, locked, second), true);

        assertEquals(FilePlan.Action.VERIFY, plan.action());
        assertNull(plan.existing());
        assertEquals(List.of(first, second), plan.candidates());
    }

    @Test
    void protectedCandidatesNotVerified() {
        LocalFile file = local("Dist.p12", 100, HASH_A);
        RemoteFile locked = protectedRecord("slug-p", "Dist.p12", 100);

        FilePlan plan = planOne(file, List.of(locked), true);

        assertEquals(FilePlan.Action.ALREADY_ON_BITRISE, plan.action());
        assertEquals(locked, plan.existing());
        assertEquals(List.of(), plan.candidates());
    }

    @Test
    void sameNameOtherSizeUploadsAsChanged() {
        LocalFile file = local("Dist.p12", 100, HASH_A);
        RemoteFile record = processed("slug-1", "Dist.p12", 99, null);

        FilePlan plan = planOne(file, List.of(record), true);

        assertEquals(FilePlan.Action.UPLOAD, plan.action());
        assertEquals(List.of(record), plan.changed());
        assertEquals(List.of(), plan.candidates());
    }

    @Test
    void verifyKeepsSizeChangedRecords() {
        LocalFile file = local("Dist.p12", 100, HASH_A);
        RemoteFile candidate = processed("slug-1", "Dist.p12", 100, null);
        RemoteFile older = processed("slug-old", "Dist.p12", 90, null);

        FilePlan plan = planOne(file, List.of(candidate, older), true);

        assertEquals(FilePlan.Action.VERIFY, plan.action());
        assertEquals(List.of(older), plan.changed());
    }

    @Test
    void rejectedFileOnlyRejected() {
        LocalFile file = local("Dist.p12", 100, HASH_A);
        Inspection rejected = new Inspection(file, "", null, "expired on 2020-01-01", List.of(), List.of(), List.of());
        RemoteFile same = processed("slug-1", "Dist.p12", 100, HASH_A);
        RemoteFile unfinished = new RemoteFile(CERT, "slug-u", "Dist.p12", 100, false, true, false, Secret.empty(),
                null);

        FilePlan plan = planOne(rejected, List.of(same, unfinished), DEFAULT_FLAGS, true);

        assertEquals(FilePlan.Action.REJECT, plan.action());
        assertNull(plan.existing());
        assertEquals(List.of(), plan.leftovers());
        assertEquals(List.of(), plan.changed());
        assertEquals(List.of(), plan.candidates());
        assertEquals(rejected, plan.inspection());
    }

    @Test
    void perFilePasswordInFlagChanges() {
        LocalFile file = local("Own.p12", 100, HASH_A);
        RemoteFile record = processed("slug-1", "Own.p12", 100, HASH_A);
        DesiredFlags desired = new DesiredFlags(true, false, Secret.of("shared-pw"),
                Map.of("Own.p12", Secret.of("own-pw")));

        FilePlan plan = planOne(Inspection.notInspected(file), List.of(record), desired, false);

        assertEquals(new FlagUpdate(null, Secret.of("own-pw"), null), plan.flagChanges().settings());
    }

    @Test
    void sharedPasswordForOtherFiles() {
        LocalFile file = local("Shared.p12", 100, HASH_A);
        RemoteFile record = processed("slug-1", "Shared.p12", 100, HASH_A);
        DesiredFlags desired = new DesiredFlags(true, false, Secret.of("shared-pw"),
                Map.of("Own.p12", Secret.of("own-pw")));

        FilePlan plan = planOne(Inspection.notInspected(file), List.of(record), desired, false);

        assertEquals(new FlagUpdate(null, Secret.of("shared-pw"), null), plan.flagChanges().settings());
    }

    @Test
    void uploadPlanUsesPerFilePassword() {
        LocalFile file = local("Own.p12", 100, HASH_A);
        DesiredFlags desired = new DesiredFlags(true, false, Secret.empty(), Map.of("Own.p12", Secret.of("own-pw")));

        FilePlan plan = planOne(Inspection.notInspected(file), List.of(), desired, false);

        assertEquals(FilePlan.Action.UPLOAD, plan.action());
        assertTrue(plan.flagChanges().describe().contains("certificate_password"), plan.flagChanges().describe());
    }
}
