package io.signingsync.plan;

import io.signingsync.api.RemoteFile;
import io.signingsync.inspect.Inspection;
import io.signingsync.scan.LocalFile;
import java.util.List;
import java.util.Map;

/**
 * What the sync will do with one local file.
 *
 * @param file the local file
 * @param inspection what opening the file found: identity, expiry, a rejection
 * @param action what to do
 * @param existing the processed record that already stores this file, or null
 * @param candidates for {@link Action#VERIFY}: unprotected records of the same name and size whose bytes
 *     are downloaded and compared, in order; empty otherwise
 * @param leftovers unprocessed records of the same name, left by failed uploads; they are deleted first
 * @param changed processed records of the same name whose content differs; deleted after the upload
 *     only when replace_changed is on
 * @param flagChanges the PATCHes planned for {@code existing}; for an upload, those expected against
 *     the defaults a new record gets (the executor recomputes them from the real record)
 * @param createFields the kind's further create fields that are not secret: {@code user_env_key} of a
 *     generic file, {@code keystore_file_name} of a keystore when the app already has one
 */
public record FilePlan(LocalFile file, Inspection inspection, Action action, RemoteFile existing,
        List<RemoteFile> candidates, List<RemoteFile> leftovers, List<RemoteFile> changed, FlagChanges flagChanges,
        Map<String, String> createFields) {

    /** The things the sync can do with a local file. */
    public enum Action {
        /** Create a record and upload the bytes. */
        UPLOAD,
        /** Nothing to upload, because a processed record has the same content. */
        ALREADY_ON_BITRISE,
        /** Download the candidates and compare bytes, then upload or keep. */
        VERIFY,
        /** The file must not be uploaded, for the reason in {@code inspection.rejection()}. */
        REJECT
    }

    public FilePlan {
        candidates = List.copyOf(candidates);
        leftovers = List.copyOf(leftovers);
        changed = List.copyOf(changed);
        createFields = Map.copyOf(createFields);
    }

    public FilePlan(LocalFile file, Inspection inspection, Action action, RemoteFile existing,
            List<RemoteFile> candidates, List<RemoteFile> leftovers, List<RemoteFile> changed, FlagChanges flagChanges) {
        this(file, inspection, action, existing, candidates, leftovers, changed, flagChanges, Map.of());
    }

    /** Returns a plan for a file that was not inspected (tests and callers that skip inspection). */
    public FilePlan(LocalFile file, Action action, RemoteFile existing, List<RemoteFile> leftovers,
            FlagChanges flagChanges) {
        this(file, Inspection.notInspected(file), action, existing, List.of(), leftovers, List.of(), flagChanges);
    }
}
