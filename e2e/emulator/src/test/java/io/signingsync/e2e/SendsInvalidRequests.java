package io.signingsync.e2e;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test (or every test of a class) that sends requests the Bitrise API spec rejects on
 * purpose, such as a missing token or {@code limit=100}. {@link EmulatorExtension} then ignores
 * the request violations that the test caused, but still fails it on any violation in the
 * emulator's responses. Use it only for tests of the emulator itself, never for a test that runs
 * the product, because there a request violation is a product defect.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface SendsInvalidRequests {
    /** Why the test breaks the spec, for example "checks the 401 for a missing token". */
    String value();
}
