package io.signingsync.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository from the test's working directory (Surefire runs tests in e2e/emulator). */
public final class RepoPaths {
    private RepoPaths() {
    }

    /** Returns the e2e directory: the nearest ancestor of the working directory that contains s3proxy-runtime. */
    public static Path e2eDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("s3proxy-runtime")) && Files.isDirectory(dir.resolve("emulator"))) {
                return dir;
            }
            if (Files.isDirectory(dir.resolve("e2e/s3proxy-runtime"))) {
                return dir.resolve("e2e");
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("Cannot find the e2e directory above " + Path.of("").toAbsolutePath());
    }

    /** Returns the repository root, the parent of e2e. */
    public static Path repoRoot() {
        return e2eDir().getParent();
    }
}
