package io.signingsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InputTest {

    @Test
    void githubNameUsesHyphens() {
        String name = Input.SIGNING_FILES_DIR.githubName();

        assertEquals("signing-files-dir", name);
    }

    @Test
    void githubVariableKeepsHyphens() {
        String variable = Input.SIGNING_FILES_DIR.githubVariable();

        assertEquals("INPUT_SIGNING-FILES-DIR", variable);
    }

    @Test
    void textFlagIsGithubName() {
        String flag = Input.APP_SLUG.flag();

        assertEquals("app-slug", flag);
    }

    @Test
    void secretFlagsEndWithFile() {
        assertEquals("bitrise-api-token-file", Input.BITRISE_API_TOKEN.flag());
        assertEquals("certificate-password-file", Input.CERTIFICATE_PASSWORD.flag());
    }

    @Test
    void onlySecretFlagsEndWithFile() {
        for (Input input : Input.values()) {
            boolean endsWithFile = input.flag().endsWith("-file");

            assertEquals(input.secret(), endsWithFile, input.flag());
        }
    }

    @Test
    void secretInputsAreTokenAndPassword() {
        assertTrue(Input.BITRISE_API_TOKEN.secret());
        assertTrue(Input.CERTIFICATE_PASSWORD.secret());
    }

    @Test
    void booleanInputsAreMarkedBoolean() {
        assertTrue(Input.IS_PROTECTED.booleanValued());
        assertTrue(Input.IS_EXPOSE.booleanValued());
        assertTrue(Input.DRY_RUN.booleanValued());
        assertTrue(Input.VERBOSE.booleanValued());
    }
}
