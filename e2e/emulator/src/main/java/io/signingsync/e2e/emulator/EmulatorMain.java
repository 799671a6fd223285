package io.signingsync.e2e.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Command line entry point: starts S3Proxy and the emulator, registers one app, prints
 * EMULATOR_URL=... and runs until killed (SIGINT/SIGTERM) or until its standard input closes
 * when started with --exit-on-stdin-eof.
 */
public final class EmulatorMain {
    private static final String USAGE = String.join("\n",
            "Usage: java -jar bitrise-emulator.jar [options]",
            "  --app-slug SLUG              app to register (default: example-app)",
            "  --token TOKEN                API token that reaches the app (default: example-token)",
            "  --serve-sha256               serve file_sha256 and certificates (newest spec fields)",
            "  --ready-file FILE            also write the EMULATOR_* lines to FILE once ready",
            "  --s3proxy-classpath FILE     S3Proxy classpath file (default: found next to this jar's module)",
            "  --work-dir DIR               directory for S3Proxy's config and log (default: a temp dir)",
            "  --spec FILE                  Bitrise API v0.1 Swagger file that requests and responses are checked",
            "                               against (default: ../shared/api/bitrise-ci.json from the repo root)",
            "  --exit-on-stdin-eof          stop when standard input reaches end of file");

    private EmulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        String appSlug = "example-app";
        String token = "example-token";
        boolean serveSha256 = false;
        boolean exitOnStdinEof = false;
        Path readyFile = null;
        Path classpathFile = null;
        Path workDir = null;
        Path specPath = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--app-slug" -> appSlug = value(args, ++i);
                case "--token" -> token = value(args, ++i);
                case "--serve-sha256" -> serveSha256 = true;
                case "--ready-file" -> readyFile = Path.of(value(args, ++i));
                case "--s3proxy-classpath" -> classpathFile = Path.of(value(args, ++i));
                case "--work-dir" -> workDir = Path.of(value(args, ++i));
                case "--spec" -> specPath = Path.of(value(args, ++i));
                case "--exit-on-stdin-eof" -> exitOnStdinEof = true;
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> {
                    System.err.println("Unknown option: " + args[i] + "\n" + USAGE);
                    System.exit(2);
                }
            }
        }
        if (classpathFile == null) {
            classpathFile = defaultClasspathFile();
        }
        // An explicit --spec must load; the default one may be missing on a machine that has only this
        // repository, and then the demo runs without the contract check, saying so.
        boolean specGiven = specPath != null;
        if (specPath == null) {
            specPath = Emulator.defaultSpecPath();
        }
        if (workDir == null) {
            workDir = Files.createTempDirectory("bitrise-emulator-");
        }

        Emulator emulator;
        try {
            emulator = specGiven || Files.exists(specPath) ? Emulator.start(classpathFile, workDir, specPath)
                    : Emulator.startWithoutContract(classpathFile, workDir, specPath);
        } catch (IOException e) {
            System.err.println("Failed to start the emulator: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "emulator-shutdown"));
        emulator.registerApp(appSlug, token, serveSha256);

        List<String> lines = new ArrayList<>();
        lines.add("EMULATOR_URL=" + emulator.apiUri());
        lines.add("EMULATOR_ADMIN_URL=" + emulator.adminUri());
        lines.add("EMULATOR_APP_SLUG=" + appSlug);
        lines.add("EMULATOR_PID=" + ProcessHandle.current().pid());
        lines.forEach(System.out::println);
        System.out.flush();
        if (readyFile != null) {
            writeReadyFile(readyFile, lines);
        }

        if (exitOnStdinEof) {
            while (System.in.read() != -1) {
                // Input is ignored; only its end matters.
            }
            System.exit(0);
        }
        stopped.await();
    }

    /** Writes through a temporary file and a rename, so a reader polling for the file never sees half of it. */
    private static void writeReadyFile(Path readyFile, List<String> lines) throws IOException {
        Path absolute = readyFile.toAbsolutePath();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.write(temporary, lines, StandardCharsets.UTF_8);
        Files.move(temporary, absolute, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Finds e2e/s3proxy-runtime/target/s3proxy.classpath from this jar in e2e/emulator/target. */
    private static Path defaultClasspathFile() throws Exception {
        String property = System.getProperty("s3proxy.classpath.file");
        if (property != null) {
            return Path.of(property);
        }
        Path codeSource = Path.of(EmulatorMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path moduleTarget = codeSource.getParent();
        return moduleTarget.resolve("../../s3proxy-runtime/target/s3proxy.classpath").normalize();
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            System.err.println("Missing value for " + args[index - 1] + "\n" + USAGE);
            System.exit(2);
        }
        return args[index];
    }
}
