package io.signingsync.e2e.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The running emulator: S3Proxy in its own JVM, the S3 front that pre-signed URLs point at, the
 * Bitrise API with its admin API on one port, and the trap server. All bind 127.0.0.1 on
 * ephemeral ports. Every API request and every response the emulator builds is checked against the
 * Bitrise API spec, and violations are listed by GET /_emulator/contract-violations.
 */
public final class Emulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Emulator.class);
    private static final Duration S3PROXY_START_TIMEOUT = Duration.ofSeconds(60);

    private final S3ProxyProcess s3proxy;
    private final HttpServer frontServer;
    private final HttpServer apiServer;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    final TrapServer trap;
    final S3Storage storage;
    final Store store;
    final RequestLog requestLog = new RequestLog();
    final Faults faults = new Faults();
    final ContractMonitor contract;

    private Emulator(Path s3proxyClasspathFile, Path workDir, ContractMonitor contract) throws IOException {
        this.contract = contract;
        s3proxy = S3ProxyProcess.start(s3proxyClasspathFile, workDir);
        try {
            frontServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            frontServer.createContext("/", new S3FrontHandler(s3proxy.endpoint, requestLog, faults));
            frontServer.setExecutor(executor);
            frontServer.start();

            storage = new S3Storage(s3proxy.endpoint, frontUri());
            createBucketWhenReady();
            store = new Store(storage);
            trap = new TrapServer();

            apiServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            apiServer.createContext(ApiHandler.BASE_PATH + "/", new ApiHandler(store, requestLog, faults, contract));
            apiServer.createContext(AdminHandler.BASE_PATH + "/", new AdminHandler(this));
            apiServer.setExecutor(executor);
            apiServer.start();
        } catch (IOException | RuntimeException e) {
            s3proxy.close();
            throw e;
        }
        if (contract.enabled()) {
            LOG.info("Bitrise API emulator listening on {}, checking requests against {}", apiUri(),
                    contract.specPath());
        } else {
            LOG.warn("Bitrise API emulator listening on {} WITHOUT checking requests against the API spec: {} does"
                    + " not exist (pass --spec FILE to check them)", apiUri(), contract.specPath());
        }
    }

    /**
     * Starts everything. {@code s3proxyClasspathFile} is e2e/s3proxy-runtime/target/s3proxy.classpath;
     * {@code workDir} receives S3Proxy's configuration and log; {@code specPath} is the Bitrise API
     * v0.1 Swagger file that requests and responses are checked against.
     *
     * @throws IOException if the spec cannot be loaded (checked before anything starts) or a server fails to start
     */
    public static Emulator start(Path s3proxyClasspathFile, Path workDir, Path specPath) throws IOException {
        // Without TCP_NODELAY the JDK server holds each small answer for the client's delayed ACK,
        // about 40 ms a request; it must be set before the first HttpServer of this JVM is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        ContractMonitor contract = ContractMonitor.load(specPath);
        Files.createDirectories(workDir);
        return new Emulator(s3proxyClasspathFile, workDir, contract);
    }

    /**
     * Starts everything without checking requests against the spec, for the demo on a machine that
     * does not have the spec file. The e2e tests never start the emulator this way.
     */
    public static Emulator startWithoutContract(Path s3proxyClasspathFile, Path workDir, Path missingSpec)
            throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Files.createDirectories(workDir);
        return new Emulator(s3proxyClasspathFile, workDir, ContractMonitor.disabled(missingSpec));
    }

    /** Starts everything with the spec at {@link #defaultSpecPath()}. */
    public static Emulator start(Path s3proxyClasspathFile, Path workDir) throws IOException {
        return start(s3proxyClasspathFile, workDir, defaultSpecPath());
    }

    /**
     * Returns the spec path from the contract.spec.path system property, or else
     * shared/api/bitrise-ci.json beside the repository that contains the emulator.
     */
    public static Path defaultSpecPath() {
        return ContractMonitor.defaultSpecPath();
    }

    /** Base URL of the Bitrise API, ending in /v0.1. */
    public URI apiUri() {
        return URI.create("http://127.0.0.1:" + apiServer.getAddress().getPort() + ApiHandler.BASE_PATH);
    }

    /** Base URL of the admin API, ending in /_emulator. */
    public URI adminUri() {
        return URI.create("http://127.0.0.1:" + apiServer.getAddress().getPort() + AdminHandler.BASE_PATH);
    }

    public URI frontUri() {
        return URI.create("http://127.0.0.1:" + frontServer.getAddress().getPort());
    }

    public URI trapUri() {
        return trap.uri();
    }

    /** Registers an app reachable with {@code token}; the same as POST /_emulator/apps. */
    public void registerApp(String appSlug, String token, boolean serveSha256) {
        store.registerApp(appSlug, token, serveSha256);
    }

    /** Forgets apps, records, stored objects, requests, contract violations, rules and settings. */
    public void reset() {
        store.reset();
        requestLog.clear();
        contract.clear();
        trap.requests.clear();
        faults.clear();
    }

    ObjectNode info() {
        ObjectNode info = Json.object();
        info.put("apiUrl", apiUri().toString());
        info.put("adminUrl", adminUri().toString());
        info.put("s3FrontUrl", frontUri().toString());
        info.put("s3ProxyUrl", s3proxy.endpoint.toString());
        info.put("trapUrl", trapUri().toString());
        info.put("bucket", S3Storage.BUCKET);
        info.put("s3ProxyLog", s3proxy.logFile.toString());
        info.put("specPath", contract.specPath().toString());
        return info;
    }

    private void createBucketWhenReady() throws IOException {
        Instant deadline = Instant.now().plus(S3PROXY_START_TIMEOUT);
        while (true) {
            try {
                storage.createBucket();
                return;
            } catch (SdkException e) {
                if (!s3proxy.isAlive()) {
                    throw new IOException("S3Proxy exited during startup; see " + s3proxy.logFile, e);
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("S3Proxy did not accept requests within " + S3PROXY_START_TIMEOUT.toSeconds()
                            + " s; see " + s3proxy.logFile, e);
                }
                HttpIo.sleep(100);
            }
        }
    }

    @Override
    public void close() {
        apiServer.stop(0);
        frontServer.stop(0);
        trap.close();
        storage.close();
        s3proxy.close();
        executor.shutdownNow();
        LOG.info("Bitrise API emulator stopped");
    }
}
