package io.signingsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigurationLoaderTest {

    private static final String TOKEN = "tok-Q7x2-distinctive-9c41";
    private static final String PASSWORD = "pw-K3m8-distinctive-55e0";

    @TempDir
    Path temp;

    private Path workingDirectory;
    private Path signingDir;

    @BeforeEach
    void createFolders() throws IOException {
        workingDirectory = Files.createDirectories(temp.resolve("work"));
        signingDir = Files.createDirectories(temp.resolve("signing"));
    }

    /** Returns an environment that sets every required input through the Bitrise-style variables. */
    private Map<String, String> validEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("bitrise_api_token", TOKEN);
        environment.put("app_slug", "app-from-env");
        environment.put("signing_files_dir", signingDir.toString());
        return environment;
    }

    private Configuration load(Map<String, String> environment, String... args) throws ConfigurationException {
        return new ConfigurationLoader(environment, workingDirectory).load(CommandLineOptions.parse(args));
    }

    private ConfigurationException loadFails(Map<String, String> environment, String... args) {
        return assertThrows(ConfigurationException.class, () -> load(environment, args));
    }

    // Precedence of a text input.

    @Test
    void textFlagBeatsGithubVariable() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("INPUT_APP-SLUG", "github-app");
        environment.put("app_slug", "bitrise-app");
        environment.put("BITRISE_APP_SLUG", "default-app");

        Configuration config = load(environment, "--app-slug", "flag-app");

        assertEquals("flag-app", config.appSlug());
        assertEquals("flag --app-slug", config.sources().get(Input.APP_SLUG));
    }

    @Test
    void textGithubVariableBeatsBitrise() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("INPUT_APP-SLUG", "github-app");
        environment.put("app_slug", "bitrise-app");
        environment.put("BITRISE_APP_SLUG", "default-app");

        Configuration config = load(environment);

        assertEquals("github-app", config.appSlug());
    }

    @Test
    void textBitriseVariableBeatsDefault() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("app_slug", "bitrise-app");
        environment.put("BITRISE_APP_SLUG", "default-app");

        Configuration config = load(environment);

        assertEquals("bitrise-app", config.appSlug());
    }

    @Test
    void textDefaultUsedWhenUnset() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.remove("app_slug");
        environment.put("BITRISE_APP_SLUG", "default-app");

        Configuration config = load(environment);

        assertEquals("default-app", config.appSlug());
    }

    @Test
    void githubVariableKeepsHyphens() throws Exception {
        Path githubFolder = Files.createDirectories(temp.resolve("from-github"));
        Map<String, String> environment = validEnvironment();
        environment.put("INPUT_SIGNING-FILES-DIR", githubFolder.toString());

        Configuration config = load(environment);

        assertEquals(githubFolder, config.signingFilesDir());
    }

    @Test
    void githubVariableWithUnderscoresIgnored() throws Exception {
        Path underscoreFolder = Files.createDirectories(temp.resolve("underscore"));
        Map<String, String> environment = validEnvironment();
        environment.put("INPUT_SIGNING_FILES_DIR", underscoreFolder.toString());

        Configuration config = load(environment);

        assertEquals(signingDir, config.signingFilesDir());
    }

    // Precedence of a boolean input, shown with is_protected (default no).

    @Test
    void booleanFlagBeatsGithubVariable() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("INPUT_IS-PROTECTED", "yes");

        Configuration config = load(environment, "--is-protected=no");

        assertFalse(config.isProtected());
    }

    @Test
    void booleanFlagAloneMeansYes() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("INPUT_IS-PROTECTED", "no");

        Configuration config = load(environment, "--is-protected");

        assertTrue(config.isProtected());
    }

    @Test
    void booleanGithubVariableBeatsBitrise() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("INPUT_IS-PROTECTED", "yes");
        environment.put("is_protected", "no");

        Configuration config = load(environment);

        assertTrue(config.isProtected());
    }

    @Test
    void booleanBitriseVariableBeatsDefault() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("is_protected", "yes");

        Configuration config = load(environment);

        assertTrue(config.isProtected());
    }

    // An empty value at one level counts as unset.

    @Test
    void emptyFlagFallsThroughToGithub() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("INPUT_APP-SLUG", "github-app");

        Configuration config = load(environment, "--app-slug", "");

        assertEquals("github-app", config.appSlug());
    }

    @Test
    void emptyGithubFallsThroughToBitrise() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("INPUT_APP-SLUG", "");
        environment.put("app_slug", "bitrise-app");

        Configuration config = load(environment);

        assertEquals("bitrise-app", config.appSlug());
    }

    @Test
    void emptyBitriseFallsThroughToDefault() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("app_slug", "");
        environment.put("BITRISE_APP_SLUG", "default-app");

        Configuration config = load(environment);

        assertEquals("default-app", config.appSlug());
    }

    @Test
    void emptyBooleanFallsThroughToBitrise() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("INPUT_IS-EXPOSE", "");
        environment.put("is_expose", "no");

        Configuration config = load(environment);

        assertFalse(config.isExpose());
    }

    // Defaults.

    @Test
    void defaultsApplyToEveryOptionalInput() throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("bitrise_api_token", TOKEN);
        environment.put("signing_files_dir", signingDir.toString());
        environment.put("BITRISE_APP_SLUG", "slug-from-bitrise");

        Configuration config = load(environment);

        assertFalse(config.isProtected());
        assertTrue(config.isExpose());
        assertTrue(config.certificatePassword().isEmpty());
        assertEquals(URI.create("https://api.bitrise.io/v0.1"), config.apiBaseUrl());
        assertFalse(config.dryRun());
        assertFalse(config.verbose());
        assertEquals("slug-from-bitrise", config.appSlug());
        assertEquals(null, config.outputFile());
        assertEquals(null, config.reportFile());
    }

    @Test
    void defaultsMatchInputDeclarations() {
        assertEquals("no", Input.IS_PROTECTED.defaultValue());
        assertEquals("yes", Input.IS_EXPOSE.defaultValue());
        assertEquals("", Input.CERTIFICATE_PASSWORD.defaultValue());
        assertEquals("https://api.bitrise.io/v0.1", Input.API_BASE_URL.defaultValue());
        assertEquals("no", Input.DRY_RUN.defaultValue());
        assertEquals("no", Input.VERBOSE.defaultValue());
        assertEquals("$BITRISE_APP_SLUG", Input.APP_SLUG.defaultValue());
    }

    // Booleans.

    @ParameterizedTest
    @ValueSource(strings = {"yes", "YES", "true", "True", "y", "Y", "1"})
    void booleanInputAcceptsTrueWords(String text) throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("dry_run", text);

        Configuration config = load(environment);

        assertTrue(config.dryRun());
    }

    @ParameterizedTest
    @ValueSource(strings = {"no", "NO", "false", "FALSE", "n", "N", "0"})
    void booleanInputAcceptsFalseWords(String text) throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("is_expose", text);

        Configuration config = load(environment);

        assertFalse(config.isExpose());
    }

    @Test
    void badBooleanNamesInputAndValue() {
        Map<String, String> environment = validEnvironment();
        environment.put("is_expose", "perhaps");

        ConfigurationException error = loadFails(environment);

        assertEquals(1, error.problems().size());
        assertTrue(error.problems().get(0).contains("is_expose"), error.getMessage());
        assertTrue(error.problems().get(0).contains("'perhaps'"), error.getMessage());
    }

    @Test
    void problemNamesGithubVariable() {
        Map<String, String> environment = validEnvironment();
        environment.put("is_expose", "yes");
        environment.put("INPUT_IS-EXPOSE", "perhaps");

        ConfigurationException error = loadFails(environment);

        assertEquals(1, error.problems().size());
        assertTrue(error.problems().get(0).endsWith("(value from env INPUT_IS-EXPOSE)"), error.getMessage());
    }

    @Test
    void problemNamesBitriseVariable() {
        Map<String, String> environment = validEnvironment();
        environment.put("parallel_uploads", "99");

        ConfigurationException error = loadFails(environment);

        assertEquals(1, error.problems().size());
        assertTrue(error.problems().get(0).endsWith("(value from env parallel_uploads)"), error.getMessage());
    }

    @Test
    void problemNamesFlag() {
        ConfigurationException error = loadFails(validEnvironment(), "--mode", "sideways");

        assertEquals(1, error.problems().size());
        assertTrue(error.problems().get(0).endsWith("(value from flag --mode)"), error.getMessage());
    }

    @Test
    void problemAboutDefaultNamesNoSource() {
        Map<String, String> environment = validEnvironment();
        environment.remove("app_slug");

        ConfigurationException error = loadFails(environment);

        assertEquals(1, error.problems().size());
        assertFalse(error.problems().get(0).contains("value from"), error.getMessage());
    }

    @Test
    void problemNamesVariableBehindDefault() {
        Map<String, String> environment = validEnvironment();
        environment.remove("app_slug");
        environment.put("BITRISE_APP_SLUG", "not a slug");

        ConfigurationException error = loadFails(environment);

        assertEquals(1, error.problems().size());
        assertTrue(error.problems().get(0).endsWith("(value from $BITRISE_APP_SLUG, the default)"), error.getMessage());
    }

    @Test
    void unreadableTokenFileIsOneProblem() {
        Map<String, String> environment = validEnvironment();
        environment.remove("bitrise_api_token");

        ConfigurationException error = loadFails(environment, "--bitrise-api-token-file",
                temp.resolve("absent.txt").toString());

        assertEquals(1, error.problems().size(), error.getMessage());
        assertTrue(error.problems().get(0).contains("cannot be read"), error.getMessage());
    }

    @Test
    void missingTokenListsWaysToSetIt() {
        Map<String, String> environment = validEnvironment();
        environment.remove("bitrise_api_token");

        ConfigurationException error = loadFails(environment);

        assertTrue(error.problems().get(0).contains("bitrise-api-token input"), error.getMessage());
        assertTrue(error.problems().get(0).contains("--bitrise-api-token-file"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"with|pipe", "with\nbreak"})
    void folderBreakingPathOutputsIsError(String name) throws IOException {
        Path odd = Files.createDirectories(temp.resolve(name));
        Map<String, String> environment = validEnvironment();
        environment.put("signing_files_dir", odd.toString());

        ConfigurationException error = loadFails(environment);

        assertEquals(1, error.problems().size());
        assertTrue(error.problems().get(0).contains("'|' or a line break"), error.getMessage());
        assertFalse(error.problems().get(0).contains("\n"), "the line break is escaped: " + error.getMessage());
    }

    @Test
    void unreadableSecretFileHidesItsPath() {
        ConfigurationException error = loadFails(validEnvironment(), "--bitrise-api-token-file", "tok-secret-123");

        assertEquals(1, error.problems().size());
        assertTrue(error.problems().get(0).contains("--bitrise-api-token-file cannot be read"), error.getMessage());
        assertFalse(error.getMessage().contains("tok-secret-123"), error.getMessage());
    }

    @Test
    void secretFlagArgumentIsMaskedValue() throws Exception {
        List<String> secrets = new ConfigurationLoader(validEnvironment(), workingDirectory)
                .secretValues(CommandLineOptions.parse(new String[] {"--certificate-password-file", "MyP12Pass!"}));

        assertTrue(secrets.contains("MyP12Pass!"), secrets.toString());
        assertTrue(secrets.contains(TOKEN), secrets.toString());
    }

    @Test
    void keystoreAliasIsNotMaskedValue() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("keystore_alias", "upload");

        List<String> secrets = new ConfigurationLoader(environment, workingDirectory)
                .secretValues(CommandLineOptions.parse(new String[0]));

        assertFalse(secrets.contains("upload"), secrets.toString());
    }

    @Test
    void secretInPlainInputIsNotQuoted() {
        Map<String, String> environment = validEnvironment();
        environment.put("certificate_password", "correct horse,battery");
        environment.put("kinds", "correct horse,battery");

        ConfigurationException error = loadFails(environment);

        assertEquals(1, error.problems().size(), error.getMessage());
        assertTrue(error.problems().get(0).startsWith("kinds has the same value as certificate_password"),
                error.getMessage());
        assertFalse(error.getMessage().contains("horse"), error.getMessage());
    }

    @Test
    void keywordPasswordIsNotMistake() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("certificate_password", "yes");
        environment.put("is_expose", "yes");

        Configuration config = load(environment);

        assertTrue(config.isExpose());
    }

    @Test
    void symlinkToFolderWithPipeIsError() throws IOException {
        Path target = Files.createDirectories(temp.resolve("real|folder"));
        Path link = Files.createSymbolicLink(temp.resolve("plain-link"), target);
        Map<String, String> environment = validEnvironment();
        environment.put("signing_files_dir", link.toString());

        ConfigurationException error = loadFails(environment);

        assertTrue(error.problems().get(0).contains("'|' or a line break"), error.getMessage());
    }

    @Test
    void pipeInGithubWorkspaceIsAllowed() throws Exception {
        Path workspace = Files.createDirectories(temp.resolve("work|space"));
        Path folder = Files.createDirectories(workspace.resolve("signing"));
        Map<String, String> environment = validEnvironment();
        environment.put("GITHUB_WORKSPACE", workspace.toString());
        environment.put("GITHUB_OUTPUT", temp.resolve("github-output").toString());
        environment.put("signing_files_dir", folder.toString());

        Configuration config = load(environment);

        assertEquals(folder, config.signingFilesDir());
    }

    @Test
    void problemSourceMatchesWholeKey() {
        List<String> annotated = ConfigurationLoader.withSources(
                List.of("certificate_passwords line 1 has no '='"),
                Map.of(Input.CERTIFICATE_PASSWORD, "env certificate_password",
                        Input.CERTIFICATE_PASSWORDS, "env INPUT_CERTIFICATE-PASSWORDS"));

        assertEquals(List.of("certificate_passwords line 1 has no '=' (value from env INPUT_CERTIFICATE-PASSWORDS)"),
                annotated);
    }

    // The token.

    @Test
    void tokenFileDropsTrailingNewline() throws Exception {
        Path tokenFile = Files.writeString(temp.resolve("token.txt"), TOKEN + "\n");
        Map<String, String> environment = validEnvironment();
        environment.remove("bitrise_api_token");

        Configuration config = load(environment, "--bitrise-api-token-file", tokenFile.toString());

        assertEquals(TOKEN, config.apiToken().reveal());
    }

    @Test
    void tokenFileDropsTrailingCrlf() throws Exception {
        Path tokenFile = Files.writeString(temp.resolve("token.txt"), TOKEN + "\r\n");
        Map<String, String> environment = validEnvironment();
        environment.remove("bitrise_api_token");

        Configuration config = load(environment, "--bitrise-api-token-file", tokenFile.toString());

        assertEquals(TOKEN, config.apiToken().reveal());
    }

    @Test
    void tokenFileBeatsEnvironment() throws Exception {
        Path tokenFile = Files.writeString(temp.resolve("token.txt"), "token-from-file\n");
        Map<String, String> environment = validEnvironment();
        environment.put("INPUT_BITRISE-API-TOKEN", "token-from-github");

        Configuration config = load(environment, "--bitrise-api-token-file", tokenFile.toString());

        assertEquals("token-from-file", config.apiToken().reveal());
    }

    @Test
    void tokenFileRelativeToWorkingDirectory() throws Exception {
        Files.writeString(workingDirectory.resolve("token.txt"), "token-relative\n");
        Map<String, String> environment = validEnvironment();

        Configuration config = load(environment, "--bitrise-api-token-file", "token.txt");

        assertEquals("token-relative", config.apiToken().reveal());
    }

    @Test
    void missingTokenFileIsError() {
        Map<String, String> environment = validEnvironment();

        ConfigurationException error = loadFails(environment, "--bitrise-api-token-file",
                temp.resolve("absent.txt").toString());

        assertTrue(error.getMessage().contains("--bitrise-api-token-file"), error.getMessage());
    }

    @Test
    void nonUtf8SecretFileIsError() throws IOException {
        Path file = Files.write(temp.resolve("latin1-password.txt"), new byte[] {'p', (byte) 0xE4, 's', 's'});

        ConfigurationException error = loadFails(validEnvironment(), "--certificate-password-file", file.toString());

        assertEquals(1, error.problems().size());
        assertTrue(error.problems().get(0).contains("--certificate-password-file is not UTF-8 text"),
                error.getMessage());
        assertTrue(error.problems().get(0).contains("certificate_password"), error.getMessage());
    }

    @Test
    void plainTokenFlagIsRejected() {
        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> CommandLineOptions.parse(new String[] {"--bitrise-api-token", TOKEN}));

        assertTrue(error.getMessage().contains("--bitrise-api-token"), error.getMessage());
        assertFalse(error.getMessage().contains(TOKEN), error.getMessage());
    }

    @Test
    void plainTokenFlagErrorHidesValue() {
        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> CommandLineOptions.parse(new String[] {"--bitrise-api-token=" + TOKEN}));

        assertFalse(error.getMessage().contains(TOKEN), error.getMessage());
    }

    @Test
    void plainPasswordFlagErrorHidesValue() {
        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> CommandLineOptions.parse(new String[] {"--certificate-password=" + PASSWORD}));

        assertFalse(error.getMessage().contains(PASSWORD), error.getMessage());
    }

    @Test
    void tokenFromGithubVariable() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.remove("bitrise_api_token");
        environment.put("INPUT_BITRISE-API-TOKEN", TOKEN);

        Configuration config = load(environment);

        assertEquals(TOKEN, config.apiToken().reveal());
    }

    @Test
    void tokenWhitespaceTrimmedWithWarning() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("bitrise_api_token", TOKEN + "\n");

        Configuration config = load(environment);

        assertEquals(TOKEN, config.apiToken().reveal());
        assertEquals(1, config.warnings().size());
        assertTrue(config.warnings().get(0).contains("bitrise_api_token"), config.warnings().get(0));
    }

    // Required inputs.

    @Test
    void missingTokenIsError() {
        Map<String, String> environment = validEnvironment();
        environment.remove("bitrise_api_token");

        ConfigurationException error = loadFails(environment);

        assertEquals(1, error.problems().size());
        assertTrue(error.problems().get(0).startsWith("bitrise_api_token is missing"), error.getMessage());
    }

    @Test
    void missingAppSlugIsError() {
        Map<String, String> environment = validEnvironment();
        environment.remove("app_slug");

        ConfigurationException error = loadFails(environment);

        assertEquals(1, error.problems().size());
        assertTrue(error.problems().get(0).startsWith("app_slug is missing"), error.getMessage());
    }

    @Test
    void invalidAppSlugIsError() {
        Map<String, String> environment = validEnvironment();
        environment.put("app_slug", "../other-app");

        ConfigurationException error = loadFails(environment);

        assertTrue(error.getMessage().contains("'../other-app' is not a valid app slug"), error.getMessage());
    }

    @Test
    void missingFolderInputIsError() {
        Map<String, String> environment = validEnvironment();
        environment.remove("signing_files_dir");

        ConfigurationException error = loadFails(environment);

        assertEquals(1, error.problems().size());
        assertTrue(error.problems().get(0).startsWith("signing_files_dir is missing"), error.getMessage());
    }

    @Test
    void absentFolderIsError() {
        Map<String, String> environment = validEnvironment();
        environment.put("signing_files_dir", temp.resolve("no-such-folder").toString());

        ConfigurationException error = loadFails(environment);

        assertTrue(error.getMessage().contains("does not exist"), error.getMessage());
    }

    @Test
    void fileInsteadOfFolderIsError() throws IOException {
        Path file = Files.writeString(temp.resolve("profile.mobileprovision"), "x");
        Map<String, String> environment = validEnvironment();
        environment.put("signing_files_dir", file.toString());

        ConfigurationException error = loadFails(environment);

        assertTrue(error.getMessage().contains("is a file, not a folder"), error.getMessage());
    }

    // Relative folders.

    @Test
    void relativeFolderUsesGithubWorkspace() throws Exception {
        Path workspace = Files.createDirectories(temp.resolve("workspace"));
        Files.createDirectories(workspace.resolve("certs"));
        Files.createDirectories(workingDirectory.resolve("certs"));
        Map<String, String> environment = validEnvironment();
        environment.put("GITHUB_ACTIONS", "true");
        environment.put("GITHUB_WORKSPACE", workspace.toString());
        environment.put("signing_files_dir", "certs");

        Configuration config = load(environment);

        assertEquals(workspace.resolve("certs"), config.signingFilesDir());
    }

    @Test
    void relativeFolderUsesWorkingDirectory() throws Exception {
        Path workspace = Files.createDirectories(temp.resolve("workspace"));
        Files.createDirectories(workspace.resolve("certs"));
        Files.createDirectories(workingDirectory.resolve("certs"));
        Map<String, String> environment = validEnvironment();
        environment.put("GITHUB_WORKSPACE", workspace.toString());
        environment.put("signing_files_dir", "certs");

        Configuration config = load(environment);

        assertEquals(workingDirectory.resolve("certs"), config.signingFilesDir());
    }

    // api_base_url.

    @Test
    void baseUrlTrailingSlashRemoved() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("api_base_url", "https://api.example.test/v0.1/");

        Configuration config = load(environment);

        assertEquals(URI.create("https://api.example.test/v0.1"), config.apiBaseUrl());
    }

    @Test
    void baseUrlWithoutVersionRejected() {
        Map<String, String> environment = validEnvironment();
        environment.put("api_base_url", "https://api.bitrise.io");

        ConfigurationException error = loadFails(environment);

        assertTrue(error.getMessage().contains("does not end with /v0.1"), error.getMessage());
    }

    @Test
    void baseUrlHttpRemoteRejected() {
        Map<String, String> environment = validEnvironment();
        environment.put("api_base_url", "http://api.bitrise.io/v0.1");

        ConfigurationException error = loadFails(environment);

        assertTrue(error.getMessage().contains("uses http"), error.getMessage());
    }

    @Test
    void baseUrlHttpLookalikeHostRejected() {
        Map<String, String> environment = validEnvironment();
        environment.put("api_base_url", "http://localhost.example.test/v0.1");

        ConfigurationException error = loadFails(environment);

        assertTrue(error.getMessage().contains("uses http"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/v0.1", "http://localhost/v0.1", "http://[::1]:9000/v0.1"})
    void baseUrlHttpLoopbackAccepted(String url) throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("api_base_url", url);

        Configuration config = load(environment);

        assertEquals(URI.create(url), config.apiBaseUrl());
    }

    @Test
    void baseUrlWithQueryRejected() {
        Map<String, String> environment = validEnvironment();
        environment.put("api_base_url", "https://api.bitrise.io/v0.1?debug=1");

        ConfigurationException error = loadFails(environment);

        assertTrue(error.getMessage().contains("must not contain a query or a fragment"), error.getMessage());
    }

    @Test
    void baseUrlCredentialsRejectedWithoutEcho() {
        Map<String, String> environment = validEnvironment();
        environment.put("api_base_url", "https://user:hunter2-secret@api.bitrise.io/v0.1");

        ConfigurationException error = loadFails(environment);

        assertTrue(error.getMessage().contains("must not contain credentials"), error.getMessage());
        assertFalse(error.getMessage().contains("hunter2-secret"), error.getMessage());
    }

    // The certificate password.

    @Test
    void passwordTrailingNewlineTrimmedWithWarning() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("certificate_password", PASSWORD + "\n");

        Configuration config = load(environment);

        assertEquals(PASSWORD, config.certificatePassword().reveal());
        assertEquals(1, config.warnings().size());
        assertTrue(config.warnings().get(0).contains("certificate_password"), config.warnings().get(0));
    }

    @Test
    void passwordWithoutNewlineHasNoWarning() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("INPUT_CERTIFICATE-PASSWORD", " " + PASSWORD + " ");

        Configuration config = load(environment);

        assertEquals(" " + PASSWORD + " ", config.certificatePassword().reveal());
        assertEquals(List.of(), config.warnings());
    }

    // Reporting.

    @Test
    void everyProblemReportedTogether() {
        Map<String, String> environment = new HashMap<>();
        environment.put("dry_run", "sometimes");
        environment.put("api_base_url", "ftp://api.bitrise.io/v0.1");

        ConfigurationException error = loadFails(environment);

        assertEquals(5, error.problems().size(), error.getMessage());
        assertTrue(error.getMessage().contains("bitrise_api_token is missing"), error.getMessage());
        assertTrue(error.getMessage().contains("app_slug is missing"), error.getMessage());
        assertTrue(error.getMessage().contains("signing_files_dir is missing"), error.getMessage());
        assertTrue(error.getMessage().contains("dry_run 'sometimes'"), error.getMessage());
        assertTrue(error.getMessage().contains("api_base_url 'ftp://api.bitrise.io/v0.1'"), error.getMessage());
    }

    @Test
    void errorsNeverContainSecrets() {
        Map<String, String> environment = new HashMap<>();
        environment.put("bitrise_api_token", TOKEN + " " + TOKEN);
        environment.put("certificate_password", PASSWORD + "\n");
        environment.put("app_slug", "bad slug");
        environment.put("signing_files_dir", temp.resolve("absent").toString());
        environment.put("is_expose", "sometimes");
        environment.put("api_base_url", "http://api.bitrise.io/v0.1");

        ConfigurationException error = loadFails(environment);

        assertEquals(5, error.problems().size(), error.getMessage());
        assertFalse(error.getMessage().contains(TOKEN), error.getMessage());
        assertFalse(error.getMessage().contains(PASSWORD), error.getMessage());
    }

    @Test
    void sourcesNeverContainSecrets() throws Exception {
        Map<String, String> environment = validEnvironment();
        environment.put("certificate_password", PASSWORD);

        Configuration config = load(environment);

        String printed = config.sources().toString() + config.printableValue(Input.BITRISE_API_TOKEN)
                + config.printableValue(Input.CERTIFICATE_PASSWORD) + config;
        assertFalse(printed.contains(TOKEN), printed);
        assertFalse(printed.contains(PASSWORD), printed);
    }

    @Test
    void outputFileRelativeToWorkingDirectory() throws Exception {
        Map<String, String> environment = validEnvironment();

        Configuration config = load(environment, "--output-file", "out/outputs.env");

        assertEquals(workingDirectory.resolve("out/outputs.env"), config.outputFile());
    }
}
