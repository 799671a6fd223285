package io.signingsync.api;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A pre-signed S3 URL. Its query carries the signature and the credential scope, so
 * {@link #toString()} shows only the scheme, host and path; {@link #reveal()} gives the URL
 * exactly as the API returned it, which is how it must be used (re-encoding breaks the signature).
 */
public final class PresignedUrl {

    /** Query parameters of a pre-signed URL whose values are secret. */
    private static final Pattern SECRET_PARAMETERS = Pattern.compile(
            "(?i)(X-Amz-(?:Signature|Credential|Security-Token)=)[^&\\s\"'<>]+");

    private final String url;

    public PresignedUrl(String url) {
        this.url = Objects.requireNonNull(url, "url");
    }

    public String reveal() {
        return url;
    }

    /** Returns the URL without its query, safe to log. */
    @Override
    public String toString() {
        return withoutQuery(url);
    }

    /** Strips the query and fragment from any URL text, for messages and logs. */
    public static String withoutQuery(String url) {
        int cut = url.length();
        int query = url.indexOf('?');
        int fragment = url.indexOf('#');
        if (query >= 0) {
            cut = query;
        }
        if (fragment >= 0 && fragment < cut) {
            cut = fragment;
        }
        return url.substring(0, cut);
    }

    /** Masks the values of the signature, credential and session-token parameters wherever they occur in a text. */
    public static String maskSecretParameters(String text) {
        return SECRET_PARAMETERS.matcher(text).replaceAll("$1*****");
    }

    /** The URL's path without the query, or the whole redacted URL when it cannot be parsed. */
    public String path() {
        try {
            return URI.create(url).getRawPath();
        } catch (IllegalArgumentException e) {
            return toString();
        }
    }
}
