package io.signingsync.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Random;

/**
 * When and how long to wait before repeating a failed call: capped exponential backoff with
 * jitter, and a server's {@code Retry-After} (seconds or an HTTP date) honoured up to a cap.
 *
 * <p>The base delay can be lowered with the system property {@code signingsync.retryBaseDelay}
 * (an ISO-8601 duration such as {@code PT0.05S}), which the end-to-end tests use to keep fault
 * scenarios fast.
 */
public final class RetryPolicy {

    /** Attempts per call, the first one included. */
    public static final int MAX_ATTEMPTS = 5;
    static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(8);
    /** A longer Retry-After fails the call instead of stalling the CI step. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    /** Pauses the calling thread; replaced in unit tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Duration baseDelay;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Random random;

    public RetryPolicy(Duration baseDelay, Sleeper sleeper, Clock clock, Random random) {
        this.baseDelay = baseDelay;
        this.sleeper = sleeper;
        this.clock = clock;
        this.random = random;
    }

    /** Returns the policy of a real run: real sleeps, the system clock, the base delay from the system property. */
    public static RetryPolicy standard() {
        Duration base = DEFAULT_BASE_DELAY;
        String property = System.getProperty("signingsync.retryBaseDelay");
        if (property != null) {
            try {
                base = Duration.parse(property);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("signingsync.retryBaseDelay '" + property
                        + "' is not an ISO-8601 duration such as PT0.5S", e);
            }
        }
        return new RetryPolicy(base, duration -> Thread.sleep(duration.toMillis()), Clock.systemUTC(), new Random());
    }

    /** True for the statuses worth repeating: 429 and every 5xx except 501, which means "never supported". */
    public static boolean retryableStatus(int status) {
        return status == 429 || status >= 500 && status != 501;
    }

    /**
     * Returns the wait before the next attempt after attempt {@code attempt} failed, honouring
     * {@code retryAfter} when it is given; empty when the server asks for a longer wait than
     * {@link #MAX_RETRY_AFTER}.
     */
    public Optional<Duration> delayAfter(int attempt, String retryAfter) {
        Optional<Duration> requested = parseRetryAfter(retryAfter);
        if (requested.isPresent()) {
            return requested.get().compareTo(MAX_RETRY_AFTER) > 0 ? Optional.empty() : requested;
        }
        long exponential = baseDelay.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(exponential, MAX_BACKOFF.toMillis());
        // "Equal jitter": half the delay is fixed, half random, so parallel clients spread out.
        long jittered = capped / 2 + (capped > 1 ? random.nextLong(capped / 2 + 1) : 0);
        return Optional.of(Duration.ofMillis(jittered));
    }

    /** Reads Retry-After as delta-seconds or as an HTTP date; a date in the past means no wait. */
    Optional<Duration> parseRetryAfter(String retryAfter) {
        if (retryAfter == null || retryAfter.isBlank()) {
            return Optional.empty();
        }
        String value = retryAfter.strip();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return Optional.of(Duration.ofDays(1));
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public void sleep(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("WAIT", "retry", ApiException.NO_RESPONSE, "interrupted while waiting to retry", e);
        }
    }

    public Instant now() {
        return clock.instant();
    }

    /** Formats a wait for the log, for example {@code 1.2 s}. */
    public static String format(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
