package io.signingsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signingsync.api.RemoteFile;
import io.signingsync.config.Secret;
import io.signingsync.inspect.Inspection;
import io.signingsync.scan.FileKind;
import io.signingsync.scan.LocalFile;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Planning of generic project files (matched by user_env_key), keystores, and prune candidates. */
class PlannerGenericTest {

    private static final FileKind GENERIC = FileKind.GENERIC_PROJECT_FILE;
    private static final FileKind KEYSTORE = FileKind.ANDROID_KEYSTORE;
    private static final FileKind CERT = FileKind.BUILD_CERTIFICATE;
    private static final FileKind PROFILE = FileKind.PROVISIONING_PROFILE;
    private static final String HASH_A = "a".repeat(64);
    private static final DesiredFlags FLAGS = new DesiredFlags(true, false, Secret.empty());

    private static LocalFile local(FileKind kind, String name, long size) {
        return new LocalFile(Path.of("/signing", name), name, name, kind, size, HASH_A);
    }

    private static RemoteFile generic(String slug, String name, long size, String userEnvKey) {
        return new RemoteFile(GENERIC, slug, name, size, true, true, false, null, null, userEnvKey);
    }

    private static RemoteFile remote(FileKind kind, String slug, String name, long size, boolean isProtected) {
        return new RemoteFile(kind, slug, name, size, true, true, isProtected, null, null);
    }

    private static List<FilePlan> plan(Map<FileKind, List<RemoteFile>> remote, LocalFile... files) {
        return Planner.plan(List.of(files).stream().map(Inspection::notInspected).toList(), remote, FLAGS, false);
    }

    @Test
    void genericUploadCarriesDerivedEnvKey() {
        FilePlan plan = plan(Map.of(), local(GENERIC, "google-services.json", 50)).get(0);

        assertEquals(FilePlan.Action.UPLOAD, plan.action());
        assertEquals(Map.of("user_env_key", "GOOGLE_SERVICES_JSON"), plan.createFields());
    }

    @Test
    void sameEnvKeyOtherNameIsSameFile() {
        RemoteFile record = generic("g-1", "google services.json", 50, "GOOGLE_SERVICES_JSON");

        FilePlan plan = plan(Map.of(GENERIC, List.of(record)), local(GENERIC, "google-services.json", 50)).get(0);

        assertEquals(FilePlan.Action.ALREADY_ON_BITRISE, plan.action());
        assertEquals(record, plan.existing());
    }

    @Test
    void otherEnvKeyIsOtherFile() {
        RemoteFile record = generic("g-1", "google-services.json", 50, "FIREBASE_CONFIG");

        FilePlan plan = plan(Map.of(GENERIC, List.of(record)), local(GENERIC, "google-services.json", 50)).get(0);

        assertEquals(FilePlan.Action.UPLOAD, plan.action());
        assertEquals(List.of(), plan.changed());
    }

    @Test
    void sameEnvKeyOtherSizeIsChanged() {
        RemoteFile record = generic("g-1", "google-services.json", 49, "GOOGLE_SERVICES_JSON");

        FilePlan plan = plan(Map.of(GENERIC, List.of(record)), local(GENERIC, "google-services.json", 50)).get(0);

        assertEquals(FilePlan.Action.UPLOAD, plan.action());
        assertEquals(List.of(record), plan.changed());
        assertEquals("GOOGLE_SERVICES_JSON", plan.createFields().get("user_env_key"));
    }

    @Test
    void unprocessedSameEnvKeyIsLeftover() {
        RemoteFile leftover = new RemoteFile(GENERIC, "g-1", "google-services.json", 50, false, true, false, null,
                null, "GOOGLE_SERVICES_JSON");

        FilePlan plan = plan(Map.of(GENERIC, List.of(leftover)), local(GENERIC, "google-services.json", 50)).get(0);

        assertEquals(FilePlan.Action.UPLOAD, plan.action());
        assertEquals(List.of(leftover), plan.leftovers());
    }

    @Test
    void firstKeystoreHasNoFileName() {
        FilePlan plan = plan(Map.of(), local(KEYSTORE, "release.jks", 2000)).get(0);

        assertEquals(FilePlan.Action.UPLOAD, plan.action());
        assertEquals(Map.of(), plan.createFields());
    }

    @Test
    void secondKeystoreGetsSanitizedFileName() {
        RemoteFile existing = remote(KEYSTORE, "k-1", "debug.keystore", 1000, false);

        FilePlan plan = plan(Map.of(KEYSTORE, List.of(existing)), local(KEYSTORE, "release-upload.v2.jks", 2000))
                .get(0);

        assertEquals(FilePlan.Action.UPLOAD, plan.action());
        assertEquals(Map.of("keystore_file_name", "release_upload_v2"), plan.createFields());
    }

    @Test
    void twoNewKeystoresGetFileNames() {
        // The API requires keystore_file_name once the app has a keystore, and the first of two new
        // keystores is on the app by the time the second one is created.
        List<FilePlan> plans = plan(Map.of(), local(KEYSTORE, "release.jks", 2000), local(KEYSTORE, "upload.jks", 2100));

        long withoutFileName = plans.stream().filter(plan -> !plan.createFields().containsKey("keystore_file_name"))
                .count();
        assertTrue(withoutFileName <= 1, () -> "at most one keystore may be created without keystore_file_name: "
                + plans.stream().map(FilePlan::createFields).toList());
    }

    @Test
    void keystoreCreateFieldsHoldNoSecret() {
        RemoteFile existing = remote(KEYSTORE, "k-1", "debug.keystore", 1000, false);

        FilePlan plan = plan(Map.of(KEYSTORE, List.of(existing)), local(KEYSTORE, "release.jks", 2000)).get(0);

        assertEquals(Set.of("keystore_file_name"), plan.createFields().keySet());
    }

    @Test
    void keystoreSameNameAndSizeIsAlreadyThere() {
        RemoteFile existing = remote(KEYSTORE, "k-1", "release.jks", 2000, false);

        DesiredFlags protectAndHide = new DesiredFlags(false, true, Secret.empty());

        FilePlan plan = Planner.plan(List.of(Inspection.notInspected(local(KEYSTORE, "release.jks", 2000))),
                Map.of(KEYSTORE, List.of(existing)), protectAndHide, false).get(0);

        assertEquals(FilePlan.Action.ALREADY_ON_BITRISE, plan.action());
        assertTrue(plan.flagChanges().isEmpty(), "the API has no update endpoint for keystores");
    }

    @Test
    void pruneListsUnmatchedRecordsOfSyncedKinds() {
        RemoteFile kept = remote(CERT, "c-1", "Dist.p12", 100, false);
        RemoteFile orphan = remote(CERT, "c-2", "Old.p12", 100, false);
        RemoteFile otherKind = remote(GENERIC, "g-1", "notes.txt", 5, false);
        Map<FileKind, List<RemoteFile>> remote = Map.of(CERT, List.of(kept, orphan), GENERIC, List.of(otherKind));
        List<FilePlan> plans = plan(remote, local(CERT, "Dist.p12", 100));

        List<RemoteFile> candidates = Planner.pruneCandidates(plans, remote, EnumSet.of(CERT, PROFILE), false);

        assertEquals(List.of(orphan), candidates);
    }

    @Test
    void pruneKeepsProtectedUnlessAsked() {
        RemoteFile locked = remote(PROFILE, "p-1", "Locked.mobileprovision", 100, true);
        RemoteFile open = remote(PROFILE, "p-2", "Open.mobileprovision", 100, false);
        Map<FileKind, List<RemoteFile>> remote = Map.of(PROFILE, List.of(locked, open));
        List<FilePlan> plans = plan(remote, local(CERT, "Dist.p12", 100));

        assertEquals(List.of(open), Planner.pruneCandidates(plans, remote, EnumSet.of(CERT, PROFILE), false));
        assertEquals(List.of(locked, open), Planner.pruneCandidates(plans, remote, EnumSet.of(CERT, PROFILE), true));
    }

    @Test
    void pruneSkipsChangedAndLeftoverRecords() {
        RemoteFile changed = remote(CERT, "c-old", "Dist.p12", 99, false);
        RemoteFile leftover = new RemoteFile(CERT, "c-half", "Dist.p12", 100, false, true, false, null, null);
        Map<FileKind, List<RemoteFile>> remote = Map.of(CERT, List.of(changed, leftover));
        List<FilePlan> plans = plan(remote, local(CERT, "Dist.p12", 100));

        assertEquals(List.of(), Planner.pruneCandidates(plans, remote, EnumSet.of(CERT), false));
    }

    @Test
    void pruneKeepsGenericMatchedByEnvKey() {
        RemoteFile sameKey = generic("g-1", "old name.json", 50, "GOOGLE_SERVICES_JSON");
        RemoteFile unmatched = generic("g-2", "stale.txt", 5, "STALE_TXT");
        Map<FileKind, List<RemoteFile>> remote = Map.of(GENERIC, List.of(sameKey, unmatched));
        List<FilePlan> plans = plan(remote, local(GENERIC, "google-services.json", 50));

        assertEquals(List.of(unmatched), Planner.pruneCandidates(plans, remote, EnumSet.of(GENERIC), false));
    }
}
