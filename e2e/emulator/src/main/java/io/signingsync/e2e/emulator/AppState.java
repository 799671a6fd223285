package io.signingsync.e2e.emulator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** An app registered through the admin API: the tokens that reach it and its records in creation order. */
final class AppState {
    final String slug;
    final Set<String> tokens = new LinkedHashSet<>();
    boolean serveSha256;
    final List<FileRecord> records = new ArrayList<>();

    AppState(String slug) {
        this.slug = slug;
    }

    /** Returns the records reachable through the endpoints of {@code view}, in creation order. */
    List<FileRecord> recordsVisibleAs(Kind view) {
        List<FileRecord> visible = new ArrayList<>();
        for (FileRecord record : records) {
            if (view.includes(record.kind)) {
                visible.add(record);
            }
        }
        return visible;
    }

    FileRecord find(Kind view, String slug) {
        for (FileRecord record : records) {
            if (view.includes(record.kind) && record.slug.equals(slug)) {
                return record;
            }
        }
        return null;
    }
}
