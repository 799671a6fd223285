package io.signingsync.e2e;

import io.signingsync.e2e.emulator.Emulator;
import java.net.URI;

/** The shared emulator as tests see it: URLs, the admin client and the default app and token. */
public final class TestEmulator implements AutoCloseable {
    public static final String APP_SLUG = "e2e-test-app";
    public static final String TOKEN = "e2e-secret-token-5d1f0c";

    private final Emulator emulator;
    private final AdminClient admin;

    TestEmulator(Emulator emulator) {
        this.emulator = emulator;
        this.admin = new AdminClient(emulator.adminUri());
    }

    /** Base URL of the Bitrise API, ending in /v0.1 (the product's api_base_url input). */
    public URI apiUri() {
        return emulator.apiUri();
    }

    public URI trapUri() {
        return emulator.trapUri();
    }

    public URI s3FrontUri() {
        return emulator.frontUri();
    }

    public AdminClient admin() {
        return admin;
    }

    public String appSlug() {
        return APP_SLUG;
    }

    public String token() {
        return TOKEN;
    }

    /** Returns the URL of an app's file kind, e.g. kindUri("build-certificates"). */
    public URI kindUri(String kind) {
        return URI.create(apiUri() + "/apps/" + APP_SLUG + "/" + kind);
    }

    @Override
    public void close() {
        emulator.close();
    }
}
