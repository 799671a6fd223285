package io.signingsync.download;

import io.signingsync.api.RemoteFile;
import io.signingsync.config.Secret;
import java.nio.file.Path;

/**
 * How the download of one remote record ended.
 *
 * @param record the remote record
 * @param path the local file it was written to, or would have been; null when none was chosen
 * @param outcome what happened
 * @param note why it was skipped or failed; empty otherwise
 * @param certificatePassword the password Bitrise stores for a downloaded certificate, or null
 */
public record DownloadResult(RemoteFile record, Path path, Outcome outcome, String note, Secret certificatePassword) {

    /** The end state of one record. */
    public enum Outcome {
        DOWNLOADED("downloaded"),
        ALREADY_HERE("already here"),
        SKIPPED("skipped"),
        CONFLICT("not overwritten"),
        FAILED("failed");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** True when the local file now holds the record's bytes, so its slug and path are exported. */
    public boolean present() {
        return outcome == Outcome.DOWNLOADED || outcome == Outcome.ALREADY_HERE;
    }

    /** True for a conflict or a failure, which makes the run exit with 1. */
    public boolean unsuccessful() {
        return outcome == Outcome.CONFLICT || outcome == Outcome.FAILED;
    }
}
