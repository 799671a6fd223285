package io.signingsync.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.signingsync.download.DownloadResult;
import io.signingsync.sync.FileResult;
import io.signingsync.sync.PruneResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/** Writes the JSON report and the Markdown summary of a run. Neither contains a secret. */
public final class ReportWriter {

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final UnaryOperator<String> scrub;

    public ReportWriter() {
        this(UnaryOperator.identity());
    }

    /** @param scrub applied to the finished text, to mask any secret a server echoed into an error message */
    public ReportWriter(UnaryOperator<String> scrub) {
        this.scrub = scrub;
    }

    /** Writes {@code {"app_slug", "dry_run", "result", "files": [...], "skipped": [...]}} to the file. */
    public void writeJson(Path file, String appSlug, boolean dryRun, List<FileResult> results, List<String> skipped)
            throws IOException {
        writeJson(file, appSlug, dryRun, results, skipped, List.of());
    }

    /** Writes the report with the records prune deleted or kept. */
    public void writeJson(Path file, String appSlug, boolean dryRun, List<FileResult> results, List<String> skipped,
            List<PruneResult> pruned) throws IOException {
        ObjectNode report = json.createObjectNode();
        report.put("app_slug", appSlug);
        report.put("dry_run", dryRun);
        report.put("result", results.stream().anyMatch(FileResult::unsuccessful) ? "failed" : "success");
        ArrayNode files = report.putArray("files");
        for (FileResult result : results) {
            ObjectNode entry = files.addObject();
            entry.put("path", result.file().displayPath());
            entry.put("name", result.file().remoteName());
            entry.put("kind", result.file().kind().apiCollection());
            entry.put("size_bytes", result.file().sizeBytes());
            entry.put("sha256", result.file().sha256());
            entry.put("identity", result.inspection().identity());
            entry.put("expiry", result.inspection().expiry() == null ? null : result.inspection().expiry().toString());
            entry.put("outcome", result.outcome().name().toLowerCase(java.util.Locale.ROOT));
            entry.put("slug", result.slug());
            ArrayNode actions = entry.putArray("actions");
            result.actions().forEach(actions::add);
            ArrayNode warnings = entry.putArray("warnings");
            result.warnings().forEach(warnings::add);
            entry.put("error", result.error());
        }
        ArrayNode skippedNode = report.putArray("skipped");
        skipped.forEach(skippedNode::add);
        ArrayNode prunedNode = report.putArray("pruned");
        for (PruneResult prune : pruned) {
            ObjectNode entry = prunedNode.addObject();
            entry.put("kind", prune.record().kind().apiCollection());
            entry.put("name", prune.record().uploadFileName());
            entry.put("slug", prune.record().slug());
            entry.put("deleted", prune.deleted());
            entry.put("note", prune.note());
        }
        write(file, report);
    }

    /** Writes the report of a download run: one entry per remote record. */
    public void writeDownloadJson(Path file, String appSlug, List<DownloadResult> results) throws IOException {
        ObjectNode report = json.createObjectNode();
        report.put("app_slug", appSlug);
        report.put("mode", "download");
        report.put("result", results.stream().anyMatch(DownloadResult::unsuccessful) ? "failed" : "success");
        ArrayNode files = report.putArray("files");
        for (DownloadResult result : results) {
            ObjectNode entry = files.addObject();
            entry.put("kind", result.record().kind().apiCollection());
            entry.put("name", result.record().uploadFileName());
            entry.put("slug", result.record().slug());
            entry.put("path", result.path() == null ? null : result.path().toString());
            entry.put("outcome", result.outcome().name().toLowerCase(java.util.Locale.ROOT));
            entry.put("note", result.note());
        }
        write(file, report);
    }

    private void write(Path file, ObjectNode report) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // Each string is scrubbed before JSON escaping too: an escaped secret ("a\\b") no longer matches it.
        Files.writeString(file, scrub.apply(json.writeValueAsString(scrubStrings(report))) + "\n",
                StandardCharsets.UTF_8);
    }

    private JsonNode scrubStrings(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(scrub.apply(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode copy = json.createObjectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), scrubStrings(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = json.createArrayNode();
            node.forEach(element -> copy.add(scrubStrings(element)));
            return copy;
        }
        return node;
    }

    /** Formats a GitHub-flavoured Markdown table of the results, for {@code $GITHUB_STEP_SUMMARY}. */
    public static String markdownSummary(String appSlug, List<FileResult> results) {
        return markdownSummary(appSlug, results, UnaryOperator.identity());
    }

    /**
     * Formats the table with {@code scrub} applied to each cell's text before it is escaped, so an
     * escaped secret cannot slip past the scrub.
     */
    public static String markdownSummary(String appSlug, List<FileResult> results, UnaryOperator<String> scrub) {
        StringBuilder text = new StringBuilder("### signing-sync: app ").append(cell(scrub.apply(appSlug)))
                .append("\n\n");
        text.append("| File | Kind | Result | Slug |\n|---|---|---|---|\n");
        for (FileResult result : results) {
            text.append("| ").append(cell(scrub.apply(result.file().displayPath())))
                    .append(" | ").append(result.file().kind().displayName())
                    .append(" | ").append(cell(scrub.apply(result.unsuccessful()
                            ? result.outcome().label() + ": " + result.error() : result.outcome().label())))
                    .append(" | ").append(result.slug() == null ? ""
                            : "`" + result.slug().replaceAll("[^A-Za-z0-9_-]", "_") + "`")
                    .append(" |\n");
        }
        return text.append('\n').toString();
    }

    /**
     * Escapes text for one table cell. Control characters and line separators become spaces, so
     * text from the API cannot start a line such as a heading. Markdown's link, emphasis and HTML
     * characters get a backslash, so the text cannot render as a link either.
     */
    static String cell(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                escaped.append(' ');
            } else {
                if ("\\|[]()<>`*_!#~".indexOf(c) >= 0) {
                    escaped.append('\\');
                }
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
