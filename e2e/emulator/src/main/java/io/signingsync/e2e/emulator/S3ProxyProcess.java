package io.signingsync.e2e.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** S3Proxy 4.1.0 running in a JVM of its own, on 127.0.0.1, with an in-memory (transient-nio2) store. */
final class S3ProxyProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3ProxyProcess.class);

    static final String ACCESS_KEY_ID = "emulator-access-key";
    static final String SECRET_ACCESS_KEY = "emulator-secret-key";

    private static final String LOGBACK_CONFIG = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder></appender>
              <root level="INFO"><appender-ref ref="OUT"/></root>
            </configuration>
            """;

    private final Process process;
    private final OutputStream parentPipe;
    final URI endpoint;
    final Path logFile;

    private S3ProxyProcess(Process process, URI endpoint, Path logFile) {
        this.process = process;
        this.parentPipe = process.getOutputStream();
        this.endpoint = endpoint;
        this.logFile = logFile;
    }

    /**
     * Starts S3Proxy from the jars listed in {@code classpathFile} (written by the s3proxy-runtime
     * module). Returns once the process runs; the caller waits until S3Proxy accepts requests.
     */
    static S3ProxyProcess start(Path classpathFile, Path workDir) throws IOException {
        if (!Files.isRegularFile(classpathFile)) {
            throw new IOException("S3Proxy classpath file not found: " + classpathFile
                    + ". Build it with: mvn -q -f e2e/pom.xml -pl s3proxy-runtime generate-resources");
        }
        String s3proxyClasspath = Files.readString(classpathFile).trim();
        Path watchdogDir = copyWatchdogClass(workDir);
        int port = findFreePort();
        URI endpoint = URI.create("http://127.0.0.1:" + port);

        Path properties = workDir.resolve("s3proxy.conf");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY_ID,
                "s3proxy.credential=" + SECRET_ACCESS_KEY,
                "jclouds.provider=transient-nio2",
                "jclouds.identity=unused",
                "jclouds.credential=unused",
                ""));
        Path logback = workDir.resolve("s3proxy-logback.xml");
        Files.writeString(logback, LOGBACK_CONFIG);
        Path logFile = workDir.resolve("s3proxy.log");

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-Dlogback.configurationFile=" + logback);
        command.add("-cp");
        command.add(watchdogDir + java.io.File.pathSeparator + s3proxyClasspath);
        command.add(S3ProxyWatchdog.class.getName());
        command.add("--properties");
        command.add(properties.toString());

        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        Process process = builder.start();
        LOG.info("Started S3Proxy (pid {}) on {}, log in {}", process.pid(), endpoint, logFile);
        return new S3ProxyProcess(process, endpoint, logFile);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        try {
            parentPipe.close();
        } catch (IOException e) {
            LOG.warn("Closing the S3Proxy watchdog pipe failed: {}", e.toString());
        }
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LOG.info("Stopped S3Proxy (pid {})", process.pid());
    }

    /** Copies the watchdog's class file alone, so S3Proxy's JVM gets none of the emulator's other jars. */
    private static Path copyWatchdogClass(Path workDir) throws IOException {
        Path root = workDir.resolve("s3proxy-watchdog");
        String relative = S3ProxyWatchdog.class.getName().replace('.', '/') + ".class";
        Path target = root.resolve(relative);
        Files.createDirectories(target.getParent());
        try (InputStream in = S3ProxyWatchdog.class.getClassLoader().getResourceAsStream(relative)) {
            if (in == null) {
                throw new IOException("class file not found on the classpath: " + relative);
            }
            Files.write(target, in.readAllBytes());
        }
        return root;
    }

    // NOTE: another process can take the port between this probe and S3Proxy's bind; S3Proxy then
    // fails to start and Emulator.start reports it. S3Proxy cannot bind port 0 and report it.
    private static int findFreePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
