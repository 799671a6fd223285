package io.signingsync.plan;

import io.signingsync.api.RemoteFile;
import io.signingsync.config.Secret;
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
 * <p>A local file is already on Bitrise when a processed record has the same name (compared in
 * Unicode NFC) and the same content: the same SHA-256 when the API serves {@code file_sha256},
 * otherwise the same size. Unprocessed records of that name are leftovers of failed uploads and
 * are deleted. Remote records with no local file are left alone.
 */
public final class Planner {

    private Planner() {
    }

    public static List<FilePlan> plan(List<LocalFile> files, Map<FileKind, List<RemoteFile>> remote,
            DesiredFlags desired) {
        List<FilePlan> plans = new ArrayList<>();
        for (LocalFile file : files) {
            List<RemoteFile> sameName = remote.getOrDefault(file.kind(), List.of()).stream()
                    .filter(record -> normalize(record.uploadFileName()).equals(file.remoteName()))
                    .toList();
            List<RemoteFile> leftovers = sameName.stream().filter(record -> !record.processed()).toList();
            Optional<RemoteFile> existing = sameName.stream()
                    .filter(RemoteFile::processed)
                    .filter(record -> sameContent(file, record))
                    .findFirst();
            if (existing.isPresent()) {
                plans.add(new FilePlan(file, FilePlan.Action.ALREADY_ON_BITRISE, existing.get(), leftovers,
                        FlagChanges.between(existing.get(), desired)));
            } else {
                plans.add(new FilePlan(file, FilePlan.Action.UPLOAD, null, leftovers,
                        FlagChanges.between(newRecordDefaults(file), desired)));
            }
        }
        return plans;
    }

    /** Returns the state the API gives a record at create: exposed, unprotected, no password. */
    static RemoteFile newRecordDefaults(LocalFile file) {
        return new RemoteFile(file.kind(), "new", file.remoteName(), file.sizeBytes(), true, true, false,
                Secret.empty(), null);
    }

    private static boolean sameContent(LocalFile file, RemoteFile record) {
        if (record.fileSha256() != null) {
            return record.fileSha256().equals(file.sha256());
        }
        return record.uploadFileSize() == file.sizeBytes();
    }

    private static String normalize(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFC);
    }
}
