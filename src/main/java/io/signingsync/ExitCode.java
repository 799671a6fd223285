package io.signingsync;

/** The program's exit codes, the same on every CI system. */
public final class ExitCode {

    /** Every file is on Bitrise with the wanted flags (or, in a dry run, the plan was printed). */
    public static final int OK = 0;
    /** At least one file could not be synced, or the API could not be listed; the others still were. */
    public static final int SYNC_FAILED = 1;
    /** An input is missing or invalid, or the API rejected the token or the app slug; nothing was changed. */
    public static final int BAD_CONFIGURATION = 2;

    private ExitCode() {
    }
}
