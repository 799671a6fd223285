package io.signingsync.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real product jar (target/signing-sync.jar at the repo root) as a child process with a
 * fully controlled environment: it starts empty and gets only PATH, JAVA_HOME, HOME, LANG and
 * what the test sets. Standard input is closed. Build with {@link #bitrise} or {@link #github}.
 */
public final class ProductRun {
    /** Outcome of one run. {@code envmanCalls} contains one line per call of the fake envman (Bitrise runs only). */
    public record Result(int exitCode, String stdout, String stderr, List<String> envmanCalls,
                         Map<String, String> githubOutputs, String githubStepSummary, Duration elapsed) {
        /** Returns stdout and stderr together, for secret scans and failure messages. */
        public String allOutput() {
            return stdout + "\n" + stderr;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + " after " + elapsed.toMillis() + " ms\n--- stdout ---\n" + stdout
                    + "\n--- stderr ---\n" + stderr + "\n--- envman ---\n" + String.join("\n", envmanCalls);
        }
    }

    private enum Style { BITRISE, GITHUB }

    private final Style style;
    private final Path workDir;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(120);

    private ProductRun(Style style, Path workDir) {
        this.style = style;
        this.workDir = workDir;
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("HOME", workDir.resolve("home").toString());
        // Bitrise stacks and GitHub runners set a UTF-8 locale. Without one, Java 17 decodes file
        // names as ASCII (sun.jnu.encoding), so "Café.p12" turns into "Caf??.p12". Tests of the
        // bare-container case remove it with withoutEnv("LANG").
        env.put("LANG", "C.UTF-8");
    }

    /**
     * A Bitrise-style run: inputs are env vars named like the step inputs (bitrise_api_token, ...),
     * ENVMAN_ENVSTORE_PATH is set, and a recording fake envman comes first on PATH.
     */
    public static ProductRun bitrise(Path workDir) {
        ProductRun run = new ProductRun(Style.BITRISE, workDir);
        run.env.put("ENVMAN_ENVSTORE_PATH", workDir.resolve("envstore.yml").toString());
        run.env.put("PATH", workDir.resolve("bin") + ":" + run.env.get("PATH"));
        return run;
    }

    /**
     * A GitHub-style run: inputs are INPUT_<NAME> with the action's hyphens kept
     * (INPUT_BITRISE-API-TOKEN), and GITHUB_OUTPUT and GITHUB_STEP_SUMMARY point at temp files.
     */
    public static ProductRun github(Path workDir) {
        ProductRun run = new ProductRun(Style.GITHUB, workDir);
        run.env.put("GITHUB_ACTIONS", "true");
        run.env.put("GITHUB_OUTPUT", workDir.resolve("github_output").toString());
        run.env.put("GITHUB_STEP_SUMMARY", workDir.resolve("github_step_summary.md").toString());
        return run;
    }

    /** Sets the usual inputs for the shared emulator: token, app slug and API base URL. */
    public ProductRun against(TestEmulator emulator) {
        return input("bitrise_api_token", emulator.token())
                .input("app_slug", emulator.appSlug())
                .input("api_base_url", emulator.apiUri().toString());
    }

    /**
     * Sets a step input by its Bitrise name (snake_case). For GitHub runs it becomes
     * INPUT_ plus the upper-cased name with underscores turned into hyphens.
     */
    public ProductRun input(String name, String value) {
        if (style == Style.BITRISE) {
            env.put(name, value);
        } else {
            env.put("INPUT_" + name.toUpperCase(java.util.Locale.ROOT).replace('_', '-'), value);
        }
        return this;
    }

    /** Sets any other environment variable. */
    public ProductRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public ProductRun withoutEnv(String name) {
        env.remove(name);
        return this;
    }

    public ProductRun jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    public ProductRun timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** Returns the product jar, or fails with the command that builds it. */
    public static Path productJar() {
        Path jar = RepoPaths.repoRoot().resolve("target/signing-sync.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Product jar not found: " + jar
                    + ". Run mvn -q -DskipTests package at the repo root first.");
        }
        return jar;
    }

    public Result run() {
        return run(productJar());
    }

    /** Runs {@code jar}; exposed so the harness can be tested with a stand-in jar. */
    public Result run(Path jar) {
        try {
            Files.createDirectories(workDir.resolve("home"));
            Path envmanLog = workDir.resolve("envman-calls.log");
            if (style == Style.BITRISE) {
                writeFakeEnvman(workDir.resolve("bin"), envmanLog);
            }
            for (String file : List.of("github_output", "github_step_summary.md")) {
                if (style == Style.GITHUB) {
                    Files.writeString(workDir.resolve(file), "");
                }
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jar.toString());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(env);

            long started = System.nanoTime();
            Process process = builder.start();
            CompletableFuture<String> stdout = readAsync(process.getInputStream());
            CompletableFuture<String> stderr = readAsync(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("Product run timed out after " + timeout.toSeconds() + " s\n--- stdout ---\n"
                        + stdout.getNow("") + "\n--- stderr ---\n" + stderr.getNow(""));
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            List<String> envmanCalls = Files.exists(envmanLog)
                    ? Files.readAllLines(envmanLog, StandardCharsets.UTF_8) : List.of();
            Map<String, String> outputs = style == Style.GITHUB
                    ? GithubOutputFile.parse(Files.readString(workDir.resolve("github_output"))) : Map.of();
            String summary = style == Style.GITHUB ? Files.readString(workDir.resolve("github_step_summary.md")) : "";
            return new Result(process.exitValue(), stdout.join(), stderr.join(), envmanCalls, outputs, summary, elapsed);
        } catch (IOException e) {
            throw new UncheckedIOException("Running the product failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Writes a fake envman that appends one line per call to {@code log}: "stdin=closed|open"
     * followed by its arguments, tab separated. A real envman waits on an open stdin, so the
     * product must close it; "closed" here means stdin was at end of file or /dev/null.
     */
    static void writeFakeEnvman(Path binDir, Path log) throws IOException {
        Files.createDirectories(binDir);
        Path script = binDir.resolve("envman");
        Files.writeString(script, String.join("\n",
                "#!/bin/sh",
                "# Recording stand-in for envman, written by the e2e harness.",
                "if [ -t 0 ]; then stdin=tty",
                "elif IFS= read -r _line; then stdin=open",
                "else stdin=closed; fi",
                "line=\"stdin=$stdin\"",
                "for arg in \"$@\"; do line=\"$line\t$arg\"; done",
                "printf '%s\\n' \"$line\" >> '" + log + "'",
                ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static CompletableFuture<String> readAsync(java.io.InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<reading the output failed: " + e + ">";
            }
        });
    }
}
