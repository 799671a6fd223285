package io.signingsync.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the product jar as a plain command, outside Bitrise and GitHub Actions, for the cases that
 * {@link ProductRun} does not cover: command-line arguments, and a process the test starts in the
 * background and kills. The environment starts empty and gets PATH, JAVA_HOME, HOME, LANG and
 * what the test sets; standard input is closed.
 */
final class ProductProcess {

    /** Outcome of one finished run. */
    record Result(int exitCode, String stdout, String stderr, Duration elapsed) {

        String allOutput() {
            return stdout + "\n" + stderr;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + " after " + elapsed.toMillis() + " ms\n--- stdout ---\n" + stdout
                    + "\n--- stderr ---\n" + stderr;
        }
    }

    /** A started product process; {@link #kill()} ends it with SIGKILL, as a cancelled CI job would. */
    static final class Running {
        private final Process process;
        private final CompletableFuture<String> stdout;
        private final CompletableFuture<String> stderr;
        private final long startedNanos;

        private Running(Process process, long startedNanos) {
            this.process = process;
            this.stdout = readAsync(process.getInputStream());
            this.stderr = readAsync(process.getErrorStream());
            this.startedNanos = startedNanos;
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** Kills the process at once and returns what it printed until then. */
        Result kill() {
            process.destroyForcibly();
            return await(Duration.ofSeconds(10));
        }

        /** Waits for the process to end; kills it and fails when it runs longer than {@code timeout}. */
        Result await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("The product still ran after " + timeout.toSeconds() + " s\n--- stdout ---\n"
                            + stdout.getNow("") + "\n--- stderr ---\n" + stderr.getNow(""));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the product", e);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
            return new Result(process.exitValue(), stdout.join(), stderr.join(), elapsed);
        }
    }

    private final Path workDir;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> arguments = new ArrayList<>();

    private ProductProcess(Path workDir) {
        this.workDir = workDir;
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("HOME", workDir.resolve("home").toString());
        env.put("LANG", "C.UTF-8");
    }

    /** Creates a run whose working directory is {@code workDir}. */
    static ProductProcess in(Path workDir) {
        return new ProductProcess(workDir);
    }

    ProductProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    ProductProcess argument(String argument) {
        arguments.add(argument);
        return this;
    }

    ProductProcess jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    Result run() {
        return start().await(Duration.ofSeconds(120));
    }

    Running start() {
        try {
            Files.createDirectories(workDir.resolve("home"));
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(SyncChecks.productJar().toString());
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(env);
            long started = System.nanoTime();
            return new Running(builder.start(), started);
        } catch (IOException e) {
            throw new UncheckedIOException("Starting the product failed", e);
        }
    }

    private static CompletableFuture<String> readAsync(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<reading the output failed: " + e + ">";
            }
        });
    }
}
