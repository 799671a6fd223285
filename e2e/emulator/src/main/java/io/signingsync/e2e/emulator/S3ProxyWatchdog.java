package io.signingsync.e2e.emulator;

import java.io.IOException;

/**
 * Entry point of the S3Proxy child JVM. It exits as soon as its standard input reaches end of
 * file, which happens when the parent closes the pipe or dies (even by SIGKILL), so no S3Proxy
 * outlives the emulator. The class file is copied onto S3Proxy's classpath on its own, so it must
 * use only the JDK and must not need nested or anonymous classes.
 */
public final class S3ProxyWatchdog {
    private S3ProxyWatchdog() {
    }

    public static void main(String[] args) throws Exception {
        Thread watcher = new Thread(S3ProxyWatchdog::haltAtEndOfInput, "parent-watchdog");
        watcher.setDaemon(true);
        watcher.start();
        Class.forName("org.gaul.s3proxy.Main").getMethod("main", String[].class).invoke(null, (Object) args);
    }

    private static void haltAtEndOfInput() {
        try {
            while (System.in.read() != -1) {
                // The parent never writes; anything read is ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the same as end of input: the parent is gone.
        }
        Runtime.getRuntime().halt(0);
    }
}
