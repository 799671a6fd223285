package io.signingsync.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CiPlatformTest {

    @TempDir
    Path temp;

    private Path folderWithEnvman(String name, String permissions) throws IOException {
        Path folder = Files.createDirectories(temp.resolve(name));
        Path envman = Files.writeString(folder.resolve("envman"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(envman, PosixFilePermissions.fromString(permissions));
        return folder;
    }

    @Test
    void bitriseNeedsStoreAndEnvman() throws Exception {
        Path bin = folderWithEnvman("bin", "rwxr-xr-x");

        CiPlatform platform = CiPlatform.detect(Map.of("ENVMAN_ENVSTORE_PATH", "/tmp/store.yml",
                "PATH", temp.resolve("empty") + ":" + bin, "GITHUB_OUTPUT", "/tmp/out"));

        assertEquals(CiPlatform.BITRISE, platform);
    }

    @Test
    void storeWithoutEnvmanIsNotBitrise() {
        CiPlatform platform = CiPlatform.detect(Map.of("ENVMAN_ENVSTORE_PATH", "/tmp/store.yml",
                "PATH", temp.toString()));

        assertEquals(CiPlatform.OTHER, platform);
    }

    @Test
    void envmanWithoutStoreIsNotBitrise() throws Exception {
        Path bin = folderWithEnvman("bin", "rwxr-xr-x");

        CiPlatform platform = CiPlatform.detect(Map.of("PATH", bin.toString()));

        assertEquals(CiPlatform.OTHER, platform);
    }

    @Test
    void emptyStoreIsNotBitrise() throws Exception {
        Path bin = folderWithEnvman("bin", "rwxr-xr-x");

        CiPlatform platform = CiPlatform.detect(Map.of("ENVMAN_ENVSTORE_PATH", "", "PATH", bin.toString()));

        assertEquals(CiPlatform.OTHER, platform);
    }

    @Test
    void nonExecutableEnvmanNotFound() throws Exception {
        Path bin = folderWithEnvman("bin", "rw-r--r--");

        Optional<Path> found = CiPlatform.findEnvman(Map.of("PATH", bin.toString()));

        assertEquals(Optional.empty(), found);
    }

    @Test
    void findEnvmanSearchesPathInOrder() throws Exception {
        Path first = folderWithEnvman("first", "rwxr-xr-x");
        Path second = folderWithEnvman("second", "rwxr-xr-x");

        Optional<Path> found = CiPlatform.findEnvman(Map.of("PATH", "::" + first + ":" + second));

        assertEquals(Optional.of(first.resolve("envman")), found);
    }

    @Test
    void githubOutputMeansGithub() {
        CiPlatform platform = CiPlatform.detect(Map.of("GITHUB_OUTPUT", "/tmp/out", "PATH", temp.toString()));

        assertEquals(CiPlatform.GITHUB_ACTIONS, platform);
    }

    @Test
    void emptyGithubOutputIsOther() {
        CiPlatform platform = CiPlatform.detect(Map.of("GITHUB_OUTPUT", ""));

        assertEquals(CiPlatform.OTHER, platform);
    }

    @Test
    void noMarkersMeansOther() {
        CiPlatform platform = CiPlatform.detect(Map.of());

        assertEquals(CiPlatform.OTHER, platform);
    }
}
