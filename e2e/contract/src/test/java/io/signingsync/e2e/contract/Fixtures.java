package io.signingsync.e2e.contract;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Shared checker and request parts for the tests. */
final class Fixtures {

    /** Path set by Surefire from the pom. The fallback is the same file, relative to this module's directory. */
    static final Path SPEC_PATH = Path.of(System.getProperty("contract.spec.path", "../../../shared/api/bitrise-ci.json"));

    static final String PROFILES = "/v0.1/apps/app-1/provisioning-profiles";
    static final String CERTIFICATES = "/v0.1/apps/app-1/build-certificates";
    static final String GENERIC_FILES = "/v0.1/apps/app-1/generic-project-files";
    static final String KEYSTORES = "/v0.1/apps/app-1/android-keystore-files";

    static final Map<String, List<String>> AUTHORIZED = Map.of("Authorization", List.of("personal-token"));
    static final Map<String, List<String>> AUTHORIZED_JSON = Map.of(
            "Authorization", List.of("personal-token"),
            "Content-Type", List.of("application/json"));
    static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));

    private static ContractChecker checker;

    private Fixtures() {
    }

    /** Returns the checker for the Bitrise spec, loaded once for all test classes. */
    static synchronized ContractChecker checker() {
        if (checker == null) {
            checker = new ContractChecker(SPEC_PATH);
        }
        return checker;
    }
}
