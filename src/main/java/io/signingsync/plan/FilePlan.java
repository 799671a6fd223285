package io.signingsync.plan;

import io.signingsync.api.RemoteFile;
import io.signingsync.scan.LocalFile;
import java.util.List;

/**
 * What the sync will do with one local file.
 *
 * @param file the local file
 * @param action upload it, or leave it because it is already on Bitrise
 * @param existing the processed record that already stores this file, or null for an upload
 * @param leftovers unprocessed records of the same name, left by failed uploads; they are deleted first
 * @param flagChanges the PATCHes planned for {@code existing}; for an upload, those expected against
 *     the defaults a new record gets (the executor recomputes them from the real record)
 */
public record FilePlan(LocalFile file, Action action, RemoteFile existing, List<RemoteFile> leftovers,
        FlagChanges flagChanges) {

    /** The two things the sync can do with a local file. */
    public enum Action { UPLOAD, ALREADY_ON_BITRISE }

    public FilePlan {
        leftovers = List.copyOf(leftovers);
    }
}
