package io.signingsync.output;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The CI system the program runs in, identified by the variables each one sets: a Bitrise CLI run
 * sets {@code ENVMAN_ENVSTORE_PATH} and has {@code envman} on PATH, GitHub Actions sets
 * {@code GITHUB_OUTPUT}; anything else gets a dotenv file or stdout.
 */
public enum CiPlatform {
    BITRISE, GITHUB_ACTIONS, OTHER;

    public static CiPlatform detect(Map<String, String> environment) {
        if (isSet(environment, "ENVMAN_ENVSTORE_PATH") && findEnvman(environment).isPresent()) {
            return BITRISE;
        }
        if (isSet(environment, "GITHUB_OUTPUT")) {
            return GITHUB_ACTIONS;
        }
        return OTHER;
    }

    /** Returns the envman executable found on the PATH of this environment. */
    public static Optional<Path> findEnvman(Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "");
        for (String folder : path.split(File.pathSeparator)) {
            if (folder.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(folder, "envman");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean isSet(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value != null && !value.isEmpty();
    }
}
