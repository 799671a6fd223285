package io.signingsync.sync;

import io.signingsync.api.RemoteFile;

/**
 * What prune did with one record that has no local file.
 *
 * @param record the remote record
 * @param deleted whether it was deleted
 * @param note why it was kept, or the error of a failed delete; empty when deleted
 */
public record PruneResult(RemoteFile record, boolean deleted, String note) {
}
