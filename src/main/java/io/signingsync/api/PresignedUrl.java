package io.signingsync.api;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A pre-signed S3 URL. Its query carries the signature and the credential scope, so
 * {@link #toString()} shows only the scheme, host and path; {@link #reveal()} gives the URL
 * exactly as the API returned it, which is how it must be used (re-encoding breaks the signature).
 */
public final class PresignedUrl {

    /** The user:password@ part of a URL, after its scheme. */
    private static final Pattern USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@");
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

    /** Strips the query, the fragment and any user:password@ part from URL text, for messages and logs. */
    public static String withoutQuery(String url) {
        return USERINFO.matcher(cutQuery(url)).replaceFirst("$1");
    }

    private static String cutQuery(String url) {
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

    /**
     * Returns when the URL stops working: {@code X-Amz-Date} plus {@code X-Amz-Expires} seconds,
     * or empty when the URL does not carry both (then only S3's answer tells).
     */
    public Optional<Instant> expiry() {
        String date = queryParameter("X-Amz-Date");
        String expires = queryParameter("X-Amz-Expires");
        if (date == null || expires == null) {
            return Optional.empty();
        }
        try {
            Instant signedAt = LocalDateTime.parse(date, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                    .toInstant(ZoneOffset.UTC);
            return Optional.of(signedAt.plus(Duration.ofSeconds(Long.parseLong(expires))));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private String queryParameter(String name) {
        int query = url.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String pair : url.substring(query + 1).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equalsIgnoreCase(name)) {
                return pair.substring(equals + 1);
            }
        }
        return null;
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
