package io.signingsync.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signingsync.config.CommandLineOptions;
import io.signingsync.config.Configuration;
import io.signingsync.config.ConfigurationLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

/** Where outputs and the report go on each CI system, and how a secret output is kept secret there. */
class OutputTargetsTest {

    private static final String SECRET = "stored-cert-pass-91d3";
    private static final String OTHER_SECRET = "second-cert-pass-0b7e";

    @TempDir
    Path temp;

    private Path workingDirectory;
    private Path signingDir;
    private final List<String> logLines = new ArrayList<>();

    @BeforeEach
    void createFolders() throws IOException {
        workingDirectory = Files.createDirectories(temp.resolve("work"));
        signingDir = Files.createDirectories(temp.resolve("signing"));
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("bitrise_api_token", "token-for-output-tests");
        environment.put("app_slug", "app-output");
        environment.put("signing_files_dir", signingDir.toString());
        return environment;
    }

    private Configuration configuration(Map<String, String> environment, String... args) throws Exception {
        return new ConfigurationLoader(environment, workingDirectory).load(CommandLineOptions.parse(args));
    }

    /** Returns a logger that records each formatted INFO, WARN and ERROR line in {@link #logLines}. */
    private Logger recordingLogger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, arguments) -> {
                    String name = method.getName();
                    if ((name.equals("info") || name.equals("warn") || name.equals("error")) && arguments != null
                            && arguments[0] instanceof String format) {
                        Object[] values = arguments.length == 2 && arguments[1] instanceof Object[] array ? array
                                : java.util.Arrays.copyOfRange(arguments, 1, arguments.length);
                        logLines.add(name.toUpperCase(java.util.Locale.ROOT) + " "
                                + MessageFormatter.arrayFormat(format, values).getMessage());
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }

    private static Map<OutputName, String> outputsWithPasswords() {
        Map<OutputName, String> outputs = new LinkedHashMap<>();
        outputs.put(OutputName.BUILD_CERTIFICATE_SLUGS, "slug-1|slug-2");
        outputs.put(OutputName.BUILD_CERTIFICATE_PATHS, "/signing/A.p12|/signing/B.p12");
        outputs.put(OutputName.BUILD_CERTIFICATE_PASSWORDS, SECRET + "|" + OTHER_SECRET);
        outputs.put(OutputName.SIGNING_SYNC_REPORT_PATH, "/reports/signing-sync-report.json");
        return outputs;
    }

    private void assertLogHasNoSecret() {
        for (String line : logLines) {
            assertFalse(line.contains(SECRET), line);
            assertFalse(line.contains(OTHER_SECRET), line);
        }
    }

    @Test
    void reportFileDefaultsPerPlatform() throws Exception {
        Map<String, String> environment = environment();
        environment.put("BITRISE_DEPLOY_DIR", temp.resolve("deploy").toString());
        environment.put("GITHUB_WORKSPACE", temp.resolve("workspace").toString());
        Configuration config = configuration(environment);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertEquals(temp.resolve("deploy/signing-sync-report.json"),
                new OutputTargets(config, CiPlatform.BITRISE, environment, workingDirectory, out).reportFile());
        assertEquals(temp.resolve("workspace/signing-sync-report.json"),
                new OutputTargets(config, CiPlatform.GITHUB_ACTIONS, environment, workingDirectory, out).reportFile());
        assertEquals(workingDirectory.resolve("signing-sync-report.json"),
                new OutputTargets(config, CiPlatform.OTHER, environment, workingDirectory, out).reportFile());
    }

    @Test
    void reportFileFlagWins() throws Exception {
        Map<String, String> environment = environment();
        environment.put("BITRISE_DEPLOY_DIR", temp.resolve("deploy").toString());
        Path chosen = temp.resolve("chosen/report.json");
        Configuration config = configuration(environment, "--report-file", chosen.toString());

        Path reportFile = new OutputTargets(config, CiPlatform.BITRISE, environment, workingDirectory,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).reportFile();

        assertEquals(chosen, reportFile.toAbsolutePath());
    }

    @Test
    void dotenvExportLeavesSecretOut() throws Exception {
        Path dotenv = temp.resolve("outputs.env");
        Configuration config = configuration(environment(), "--output-file", dotenv.toString());
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();

        boolean exported = new OutputTargets(config, CiPlatform.OTHER, environment(), workingDirectory,
                new PrintStream(stdout, true, StandardCharsets.UTF_8)).export(outputsWithPasswords(), recordingLogger());

        assertTrue(exported);
        String text = Files.readString(dotenv);
        assertTrue(text.contains("BUILD_CERTIFICATE_SLUGS=slug-1|slug-2\n"), text);
        assertFalse(text.contains("BUILD_CERTIFICATE_PASSWORDS"), text);
        assertFalse(text.contains(SECRET), text);
        assertFalse(stdout.toString(StandardCharsets.UTF_8).contains(SECRET));
        assertTrue(logLines.stream().anyMatch(line -> line.contains("Not exported BUILD_CERTIFICATE_PASSWORDS")),
                logLines::toString);
        assertLogHasNoSecret();
    }

    @Test
    void dotenvOnStdoutLeavesSecretOut() throws Exception {
        Configuration config = configuration(environment());
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();

        new OutputTargets(config, CiPlatform.OTHER, environment(), workingDirectory,
                new PrintStream(stdout, true, StandardCharsets.UTF_8)).export(outputsWithPasswords(), recordingLogger());

        String text = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("BUILD_CERTIFICATE_SLUGS=slug-1|slug-2"), text);
        assertFalse(text.contains(SECRET), text);
        assertFalse(text.contains(OTHER_SECRET), text);
    }

    @Test
    void githubMasksSecretBeforeWritingOutput() throws Exception {
        Path githubOutput = Files.writeString(temp.resolve("github_output"), "");
        Map<String, String> environment = environment();
        environment.put("GITHUB_OUTPUT", githubOutput.toString());
        Configuration config = configuration(environment);
        List<String> masksWhileOutputEmpty = new ArrayList<>();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        OutputStream watching = new OutputStream() {
            @Override
            public void write(int b) {
                stdout.write(b);
                if (b == '\n') {
                    String text = stdout.toString(StandardCharsets.UTF_8);
                    String[] lines = text.split("\n");
                    String last = lines[lines.length - 1];
                    if (last.startsWith("::add-mask::")) {
                        masksWhileOutputEmpty.add(last.substring("::add-mask::".length())
                                + (sizeOf(githubOutput) == 0 ? "" : " (after GITHUB_OUTPUT was written)"));
                    }
                }
            }
        };

        boolean exported = new OutputTargets(config, CiPlatform.GITHUB_ACTIONS, environment, workingDirectory,
                new PrintStream(watching, true, StandardCharsets.UTF_8)).export(outputsWithPasswords(),
                recordingLogger());

        assertTrue(exported);
        assertTrue(masksWhileOutputEmpty.contains(SECRET), masksWhileOutputEmpty::toString);
        assertTrue(masksWhileOutputEmpty.contains(OTHER_SECRET), masksWhileOutputEmpty::toString);
        assertTrue(masksWhileOutputEmpty.contains(SECRET + "|" + OTHER_SECRET), masksWhileOutputEmpty::toString);
        String written = Files.readString(githubOutput);
        assertTrue(written.contains("build-certificate-passwords=" + SECRET + "|" + OTHER_SECRET + "\n"), written);
        assertTrue(logLines.stream().anyMatch(line -> line.contains("Exported build-certificate-passwords=*****")),
                logLines::toString);
        assertLogHasNoSecret();
    }

    @Test
    void envmanGetsSecretThroughStdin() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path calls = Files.createDirectories(temp.resolve("calls"));
        Path envman = bin.resolve("envman");
        // Each call writes its arguments, one a line, to N.args and its standard input to N.stdin.
        Files.writeString(envman, "#!/bin/sh\n"
                + "n=$(ls '" + calls + "' | wc -l)\n"
                + "printf '%s\\n' \"$@\" > '" + calls + "'/$n.args\n"
                + "cat > '" + calls + "'/$n.stdin\n");
        Files.setPosixFilePermissions(envman, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> environment = environment();
        environment.put("PATH", bin + ":/usr/bin:/bin");
        environment.put("ENVMAN_ENVSTORE_PATH", temp.resolve("envstore.yml").toString());
        Configuration config = configuration(environment);

        boolean exported = new OutputTargets(config, CiPlatform.BITRISE, environment, workingDirectory,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .export(outputsWithPasswords(), recordingLogger());

        assertTrue(exported);
        Map<String, List<String>> argumentsByKey = new HashMap<>();
        Map<String, String> stdinByKey = new HashMap<>();
        try (var files = Files.list(calls)) {
            for (Path args : files.filter(path -> path.toString().endsWith(".args")).toList()) {
                List<String> arguments = Files.readAllLines(args);
                String key = arguments.get(arguments.indexOf("--key") + 1);
                argumentsByKey.put(key, arguments);
                stdinByKey.put(key, Files.readString(Path.of(args.toString().replace(".args", ".stdin"))));
            }
        }
        assertEquals(List.of("add", "--key", "BUILD_CERTIFICATE_PASSWORDS", "--sensitive"),
                argumentsByKey.get("BUILD_CERTIFICATE_PASSWORDS"));
        assertEquals(SECRET + "|" + OTHER_SECRET, stdinByKey.get("BUILD_CERTIFICATE_PASSWORDS"));
        assertEquals(List.of("add", "--key", "BUILD_CERTIFICATE_SLUGS", "--value", "slug-1|slug-2"),
                argumentsByKey.get("BUILD_CERTIFICATE_SLUGS"));
        assertEquals("", stdinByKey.get("BUILD_CERTIFICATE_SLUGS"));
        assertLogHasNoSecret();
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
