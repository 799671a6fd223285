package io.signingsync.e2e.emulator;

/** An error the API returns as {@code {"message": ...}} with the given HTTP status. */
final class ApiException extends RuntimeException {
    final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound() {
        return new ApiException(404, "Not Found");
    }
}
