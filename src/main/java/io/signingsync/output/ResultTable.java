package io.signingsync.output;

import io.signingsync.sync.FileResult;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Formats the end-of-run table of the log: file, kind, identity, expiry, action and slug, one row per file. */
public final class ResultTable {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final int MAX_CELL = 80;

    private ResultTable() {
    }

    public static List<String> lines(List<FileResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"File", "Kind", "Identity", "Expiry", "Action", "Slug"});
        for (FileResult result : results) {
            rows.add(new String[] {
                result.file().displayPath(),
                result.file().kind().displayName(),
                result.inspection().identity(),
                result.inspection().expiry() == null ? "" : DATE.format(result.inspection().expiry()),
                result.outcome().label(),
                result.slug() == null ? "" : result.slug()});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int column = 0; column < row.length; column++) {
                widths[column] = Math.max(widths[column], Math.min(row[column].length(), MAX_CELL));
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < row.length; column++) {
                String cell = row[column].length() > MAX_CELL ? row[column].substring(0, MAX_CELL - 1) + "…"
                        : row[column];
                line.append(column == 0 ? "" : "  ").append(String.format("%-" + widths[column] + "s", cell));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
