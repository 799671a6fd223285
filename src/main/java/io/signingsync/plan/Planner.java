package io.signingsync.plan;

import io.signingsync.api.RemoteFile;
import io.signingsync.config.Secret;
import io.signingsync.inspect.Inspection;
import io.signingsync.scan.FileKind;
import io.signingsync.scan.LocalFile;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, without any I/O, what to do with each local file given what the app already holds.
 *
 * <p>A local file is already on Bitrise when a processed record of its kind has the same content:
 * <ol>
 *   <li>the same SHA-256, when the API serves {@code file_sha256}, whatever the record's name;</li>
 *   <li>otherwise the same name (compared in Unicode NFC) and size; with {@code verifyRemote}, the
 *       bytes of unprotected records of that name and size are downloaded and compared first.</li>
 * </ol>
 * Processed records of the same name whose content differs are "changed" (a renewed profile keeps
 * its name): the file is uploaded as a new record. Unprocessed records of that name are leftovers
 * of failed uploads and are deleted. Remote records with no local file are left alone, and
 * rejected files are not uploaded at all.
 */
public final class Planner {

    private Planner() {
    }

    /** Plans files that were not inspected, matching without downloads. */
    public static List<FilePlan> plan(List<LocalFile> files, Map<FileKind, List<RemoteFile>> remote,
            DesiredFlags desired) {
        return plan(files.stream().map(Inspection::notInspected).toList(), remote, desired, false);
    }

    public static List<FilePlan> plan(List<Inspection> inspections, Map<FileKind, List<RemoteFile>> remote,
            DesiredFlags desired, boolean verifyRemote) {
        // Uploads run in parallel, so with two new keystores either may be created first: each
        // then needs keystore_file_name, which the API requires once the app has a keystore.
        boolean severalKeystores = inspections.stream()
                .filter(inspection -> inspection.file().kind() == FileKind.ANDROID_KEYSTORE).count() > 1;
        List<FilePlan> plans = new ArrayList<>();
        for (Inspection inspection : inspections) {
            plans.add(plan(inspection, remote.getOrDefault(inspection.file().kind(), List.of()),
                    desired.forFile(inspection.file().remoteName()), verifyRemote, severalKeystores));
        }
        return plans;
    }

    private static FilePlan plan(Inspection inspection, List<RemoteFile> records, DesiredFlags desired,
            boolean verifyRemote, boolean severalKeystores) {
        LocalFile file = inspection.file();
        FlagChanges forNewRecord = FlagChanges.between(newRecordDefaults(file), desired);
        if (inspection.rejected()) {
            return new FilePlan(file, inspection, FilePlan.Action.REJECT, null, List.of(), List.of(), List.of(),
                    forNewRecord);
        }
        // A generic file is known by the key builds see it under; every other kind by its name.
        List<RemoteFile> sameName = records.stream()
                .filter(record -> file.userEnvKey() != null ? file.userEnvKey().equals(record.userEnvKey())
                        : normalize(record.uploadFileName()).equals(file.remoteName()))
                .toList();
        Map<String, String> createFields = createFields(file, records, severalKeystores);
        List<RemoteFile> leftovers = sameName.stream().filter(record -> !record.processed()).toList();
        List<RemoteFile> processedSameName = sameName.stream().filter(RemoteFile::processed).toList();

        Optional<RemoteFile> sameHash = records.stream()
                .filter(RemoteFile::processed)
                .filter(record -> file.sha256().equals(record.fileSha256()))
                .findFirst();
        if (sameHash.isPresent()) {
            List<RemoteFile> changed = processedSameName.stream().filter(r -> knownDifferent(file, r)).toList();
            return new FilePlan(file, inspection, FilePlan.Action.ALREADY_ON_BITRISE, sameHash.get(), List.of(),
                    leftovers, changed, FlagChanges.between(sameHash.get(), desired));
        }

        List<RemoteFile> changed = processedSameName.stream().filter(r -> knownDifferent(file, r)).toList();
        List<RemoteFile> nameAndSize = processedSameName.stream().filter(r -> !knownDifferent(file, r)).toList();
        if (nameAndSize.isEmpty()) {
            return new FilePlan(file, inspection, FilePlan.Action.UPLOAD, null, List.of(), leftovers, changed,
                    forNewRecord, createFields);
        }
        List<RemoteFile> downloadable = nameAndSize.stream().filter(record -> !record.isProtected()).toList();
        if (verifyRemote && !downloadable.isEmpty()) {
            return new FilePlan(file, inspection, FilePlan.Action.VERIFY, null, downloadable, leftovers, changed,
                    forNewRecord, createFields);
        }
        RemoteFile existing = nameAndSize.get(0);
        return new FilePlan(file, inspection, FilePlan.Action.ALREADY_ON_BITRISE, existing, List.of(), leftovers,
                changed, FlagChanges.between(existing, desired));
    }

    /**
     * Returns the further create fields that are not secret. The API requires keystore_file_name
     * (letters, digits and _) when the app already has a keystore; it names the build's env vars.
     * It is sent for every keystore when the app has one, or when the folder has several.
     */
    private static Map<String, String> createFields(LocalFile file, List<RemoteFile> records,
            boolean severalKeystores) {
        if (file.kind() == FileKind.GENERIC_PROJECT_FILE) {
            return Map.of("user_env_key", file.userEnvKey());
        }
        if (file.kind() == FileKind.ANDROID_KEYSTORE && (!records.isEmpty() || severalKeystores)) {
            String base = file.remoteName().replaceFirst("\\.[^.]*$", "");
            return Map.of("keystore_file_name", base.replaceAll("[^A-Za-z0-9_]", "_"));
        }
        return Map.of();
    }

    /**
     * Lists the records of the synced kinds that no local file matched, for prune. Records of
     * kinds that were not synced, and protected records unless {@code includeProtected}, stay.
     * Leftovers, changed records and candidates are not listed: the plan already handles them.
     */
    public static List<RemoteFile> pruneCandidates(List<FilePlan> plans, Map<FileKind, List<RemoteFile>> remote,
            java.util.Set<FileKind> syncedKinds, boolean includeProtected) {
        java.util.Set<String> claimed = new java.util.HashSet<>();
        for (FilePlan plan : plans) {
            if (plan.existing() != null) {
                claimed.add(plan.existing().slug());
            }
            plan.candidates().forEach(record -> claimed.add(record.slug()));
            plan.leftovers().forEach(record -> claimed.add(record.slug()));
            plan.changed().forEach(record -> claimed.add(record.slug()));
        }
        List<RemoteFile> candidates = new ArrayList<>();
        for (FileKind kind : syncedKinds) {
            for (RemoteFile record : remote.getOrDefault(kind, List.of())) {
                if (!claimed.contains(record.slug()) && (includeProtected || !record.isProtected())) {
                    candidates.add(record);
                }
            }
        }
        return candidates;
    }

    /** True when the record's hash, or else its size, shows that its bytes differ from the file's. */
    private static boolean knownDifferent(LocalFile file, RemoteFile record) {
        if (record.fileSha256() != null) {
            return !record.fileSha256().equals(file.sha256());
        }
        return record.uploadFileSize() != file.sizeBytes();
    }

    /** Returns the state the API gives a record at create: exposed, unprotected, no password. */
    static RemoteFile newRecordDefaults(LocalFile file) {
        return new RemoteFile(file.kind(), "new", file.remoteName(), file.sizeBytes(), true, true, false,
                Secret.empty(), null);
    }

    private static String normalize(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFC);
    }
}
