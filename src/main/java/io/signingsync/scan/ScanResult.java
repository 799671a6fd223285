package io.signingsync.scan;

import java.util.List;

/**
 * The signing files of a folder, sorted by remote name, and what was passed over.
 *
 * @param files the files to sync
 * @param skipped one line per file or folder that was passed over, with the reason
 */
public record ScanResult(List<LocalFile> files, List<String> skipped) {

    public ScanResult {
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
    }
}
