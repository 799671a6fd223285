package io.signingsync.e2e.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractCheckerLoadTest {

    @Test
    void basePathComesFromSpec() {
        assertEquals("/v0.1", Fixtures.checker().basePath());
    }

    @Test
    void missingSpecFileFails(@TempDir Path directory) {
        Path missing = directory.resolve("absent.json");

        assertThrows(UncheckedIOException.class, () -> new ContractChecker(missing));
    }

    @Test
    void specWithoutPathsFails(@TempDir Path directory) throws IOException {
        Path notASpec = Files.writeString(directory.resolve("not-a-spec.json"), "{\"hello\":\"world\"}");

        assertThrows(IllegalArgumentException.class, () -> new ContractChecker(notASpec));
    }

    @Test
    void queryParsingKeepsRepeatsAndDecodes() {
        var parameters = ContractChecker.parseQuery("next=a%2Fb&limit=5&limit=6&flag");

        assertEquals(List.of("a/b"), parameters.get("next"));
        assertEquals(List.of("5", "6"), parameters.get("limit"));
        assertEquals(List.of(""), parameters.get("flag"));
    }
}
