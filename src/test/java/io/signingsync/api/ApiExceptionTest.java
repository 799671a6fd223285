package io.signingsync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ApiExceptionTest {

    @Test
    void noteFollowsServerMessage() {
        ApiException error = new ApiException("GET", "/v0.1/apps/a/build-certificates", 500, "Internal error");

        ApiException noted = error.withNote("(gave up after 5 attempts)");

        assertEquals("GET /v0.1/apps/a/build-certificates answered 500: Internal error (gave up after 5 attempts)",
                noted.getMessage());
        assertSame(error, noted.getCause());
    }

    @Test
    void noteAloneWithoutServerMessage() {
        ApiException error = new ApiException("GET", "/v0.1/apps/a/build-certificates", 500, "");

        ApiException noted = error.withNote("(gave up after 5 attempts)");

        assertEquals("GET /v0.1/apps/a/build-certificates answered 500: (gave up after 5 attempts)",
                noted.getMessage());
    }

    @Test
    void missingResponseNamesCause() {
        ApiException error = new ApiException("PUT", "s3 upload", ApiException.NO_RESPONSE, "EOFException");

        assertEquals("PUT s3 upload got no answer: EOFException", error.getMessage());
    }
}
