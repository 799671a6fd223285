package io.signingsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The inputs of file inspection and content matching: certificate_passwords and the new switches. */
class InspectionInputsTest {

    private static final String SHARED = "shared-pw-2Vb7-distinctive";
    private static final String OWN = "own-pw-6Nc4-distinctive";

    @TempDir
    Path temp;

    private Path workingDirectory;
    private Path signingDir;

    @BeforeEach
    void createFolders() throws IOException {
        workingDirectory = Files.createDirectories(temp.resolve("work"));
        signingDir = Files.createDirectories(temp.resolve("signing"));
    }

    private Map<String, String> validEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("bitrise_api_token", "tok-distinctive");
        environment.put("app_slug", "app");
        environment.put("signing_files_dir", signingDir.toString());
        return environment;
    }

    private Configuration loadWithPasswords(String passwords) throws ConfigurationException {
        Map<String, String> environment = validEnvironment();
        environment.put("certificate_password", SHARED);
        environment.put("certificate_passwords", passwords);
        return load(environment);
    }

    private Configuration load(Map<String, String> environment) throws ConfigurationException {
        return new ConfigurationLoader(environment, workingDirectory).load(CommandLineOptions.parse(new String[0]));
    }

    private ConfigurationException passwordsFail(String passwords) {
        return assertThrows(ConfigurationException.class, () -> loadWithPasswords(passwords));
    }

    // certificate_passwords.

    @Test
    void simpleEntryParsed() throws Exception {
        Configuration config = loadWithPasswords("A.p12=pw");

        assertEquals(Secret.of("pw"), config.passwordFor("A.p12"));
    }

    @Test
    void passwordMayContainEquals() throws Exception {
        Configuration config = loadWithPasswords("A.p12=a=b==c");

        assertEquals(Secret.of("a=b==c"), config.passwordFor("A.p12"));
    }

    @Test
    void passwordKeepsSpaces() throws Exception {
        Configuration config = loadWithPasswords("A.p12= pass word ");

        assertEquals(Secret.of(" pass word "), config.passwordFor("A.p12"));
    }

    @Test
    void escapedEqualsInName() throws Exception {
        Configuration config = loadWithPasswords("a\\=b.p12=pw");

        assertEquals(Secret.of("pw"), config.passwordFor("a=b.p12"));
    }

    @Test
    void escapedBackslashInName() throws Exception {
        Configuration config = loadWithPasswords("a\\\\=b.p12=pw");

        assertEquals(Secret.of("b.p12=pw"), config.passwordFor("a\\"));
    }

    @Test
    void escapedBackslashBeforeEqualsInName() throws Exception {
        Configuration config = loadWithPasswords("dir\\\\\\=x.p12=pw");

        assertEquals(Secret.of("pw"), config.passwordFor("dir\\=x.p12"));
    }

    @Test
    void crlfLinesParsed() throws Exception {
        Configuration config = loadWithPasswords("A.p12=one\r\nB.p12=two\r\n");

        assertEquals(Secret.of("one"), config.passwordFor("A.p12"));
        assertEquals(Secret.of("two"), config.passwordFor("B.p12"));
    }

    @Test
    void blankLinesSkipped() throws Exception {
        Configuration config = loadWithPasswords("\nA.p12=one\n   \n\nB.p12=two\n");

        assertEquals(2, config.certificatePasswords().size());
    }

    @Test
    void missingEqualsNamesLineNumber() {
        ConfigurationException error = passwordsFail("A.p12=one\n\nsecret-line-text-7Yq");

        String message = String.join("\n", error.problems());
        assertTrue(message.contains("line 3"), message);
        assertFalse(message.contains("secret-line-text-7Yq"), message);
    }

    @Test
    void missingNameIsError() {
        ConfigurationException error = passwordsFail("=lonely-password-3Kx");

        String message = String.join("\n", error.problems());
        assertTrue(message.contains("line 1"), message);
        assertFalse(message.contains("lonely-password-3Kx"), message);
    }

    @Test
    void duplicateNamesAreError() {
        ConfigurationException error = passwordsFail("A.p12=one\nA.p12=two");

        String message = String.join("\n", error.problems());
        assertTrue(message.contains("'A.p12' twice"), message);
        assertFalse(message.contains("two"), message);
    }

    @Test
    void namesNormalisedToNfc() throws Exception {
        String decomposed = "Cafe\u0301.p12";
        String composed = "Caf\u00e9.p12";

        Configuration config = loadWithPasswords(decomposed + "=pw");

        assertEquals(Secret.of("pw"), config.passwordFor(composed));
    }

    @Test
    void nfcDuplicatesAreError() {
        ConfigurationException error = passwordsFail("Cafe\u0301.p12=one\nCaf\u00e9.p12=two");

        assertTrue(String.join("\n", error.problems()).contains("twice"), error.problems().toString());
    }

    @Test
    void passwordForFallsBackToShared() throws Exception {
        Configuration config = loadWithPasswords("A.p12=" + OWN);

        assertEquals(Secret.of(OWN), config.passwordFor("A.p12"));
        assertEquals(Secret.of(SHARED), config.passwordFor("B.p12"));
    }

    @Test
    void printableValueHidesPasswords() throws Exception {
        Configuration config = loadWithPasswords("A.p12=" + OWN + "\nB.p12=" + OWN + "-b");

        String printed = config.printableValue(Input.CERTIFICATE_PASSWORDS);

        assertFalse(printed.contains(OWN), printed);
        assertTrue(printed.contains("A.p12"), printed);
        assertTrue(printed.contains("B.p12"), printed);
    }

    @Test
    void sourcesHidePasswords() throws Exception {
        Configuration config = loadWithPasswords("A.p12=" + OWN);

        assertFalse(config.sources().toString().contains(OWN), config.sources().toString());
    }

    @Test
    void passwordsFileFlagRead() throws Exception {
        Path file = Files.writeString(temp.resolve("passwords.txt"), "A.p12=" + OWN + "\n");

        Configuration config = new ConfigurationLoader(validEnvironment(), workingDirectory)
                .load(CommandLineOptions.parse(new String[] {"--certificate-passwords-file", file.toString()}));

        assertEquals(Secret.of(OWN), config.passwordFor("A.p12"));
    }

    /**
     * A user who pastes only a password that contains "=" gets a warning that quotes the text before
     * the "=" as a file name, which is part of the password, and warnings are logged.
     */
    @Test
    void nonP12NameWarningHidesPassword() throws Exception {
        Configuration config = loadWithPasswords("hunter2-part=rest-of-password");

        String warnings = String.join("\n", config.warnings());
        assertFalse(warnings.contains("hunter2-part"), warnings);
    }

    // The switches.

    @Test
    void newSwitchesDefaultToNo() throws Exception {
        Configuration config = load(validEnvironment());

        assertFalse(config.allowExpired());
        assertFalse(config.verifyRemote());
        assertFalse(config.replaceChanged());
    }

    @Test
    void expiryWarningDaysDefaultsToThirty() throws Exception {
        Configuration config = load(validEnvironment());

        assertEquals(30, config.expiryWarningDays());
    }

    @Test
    void newSwitchesReadYes() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("allow_expired", "yes");
        environment.put("verify_remote", "true");
        environment.put("replace_changed", "1");

        Configuration config = load(environment);

        assertTrue(config.allowExpired());
        assertTrue(config.verifyRemote());
        assertTrue(config.replaceChanged());
    }

    @Test
    void expiryWarningDaysRead() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("expiry_warning_days", " 14 ");

        assertEquals(14, load(environment).expiryWarningDays());
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-1", "3651", "1.5", "99999999999"})
    void badDaysNamesValue(String value) {
        Map<String, String> environment = validEnvironment();
        environment.put("expiry_warning_days", value);

        ConfigurationException error = assertThrows(ConfigurationException.class, () -> load(environment));

        assertEquals(1, error.problems().size());
        assertTrue(error.problems().get(0).startsWith("expiry_warning_days '" + value + "'"), error.problems().get(0));
        assertTrue(error.problems().get(0).contains("0 to 3650"), error.problems().get(0));
    }

    @Test
    void badSwitchNamesInput() {
        Map<String, String> environment = validEnvironment();
        environment.put("replace_changed", "maybe");

        ConfigurationException error = assertThrows(ConfigurationException.class, () -> load(environment));

        assertTrue(error.problems().get(0).startsWith("replace_changed 'maybe'"), error.problems().toString());
    }
}
