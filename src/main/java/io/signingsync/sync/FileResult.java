package io.signingsync.sync;

import io.signingsync.inspect.Inspection;
import io.signingsync.scan.LocalFile;
import java.util.List;

/**
 * How the sync of one local file ended.
 *
 * @param file the local file
 * @param inspection what opening the file found: identity and expiry
 * @param outcome what happened
 * @param slug the record that now stores the file, or null when it failed or nothing was done
 * @param actions what was done or planned, in order, for the log and the report
 * @param warnings settings that could not be applied and cleanup that failed
 * @param error why the file failed, or null
 */
public record FileResult(LocalFile file, Inspection inspection, Outcome outcome, String slug, List<String> actions,
        List<String> warnings, String error) {

    /** The end state of one file. */
    public enum Outcome {
        UPLOADED("uploaded"),
        ALREADY_ON_BITRISE("already on Bitrise"),
        PLANNED_UPLOAD("would upload"),
        PLANNED_ALREADY_ON_BITRISE("already on Bitrise (dry run)"),
        PLANNED_VERIFY("would compare bytes"),
        REJECTED("rejected"),
        FAILED("failed");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public FileResult {
        actions = List.copyOf(actions);
        warnings = List.copyOf(warnings);
    }

    /** Returns the result of a file that was not inspected. */
    public FileResult(LocalFile file, Outcome outcome, String slug, List<String> actions, List<String> warnings,
            String error) {
        this(file, Inspection.notInspected(file), outcome, slug, actions, warnings, error);
    }

    /** True when the file was rejected or failed, which makes the run exit with 1. */
    public boolean unsuccessful() {
        return outcome == Outcome.FAILED || outcome == Outcome.REJECTED;
    }

    /** True when the file is on Bitrise with the wanted flags, so its slug is exported. */
    public boolean synced() {
        return outcome == Outcome.UPLOADED || outcome == Outcome.ALREADY_ON_BITRISE;
    }
}
