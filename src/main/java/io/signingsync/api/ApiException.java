package io.signingsync.api;

/**
 * A failed call to the Bitrise API or to S3: a non-2xx answer, or no answer at all.
 * The message holds the method, the path (never the query of a pre-signed URL), the status
 * and the server's own message.
 */
public class ApiException extends RuntimeException {

    /** Status used when no HTTP answer arrived (connection refused, reset, timed out). */
    public static final int NO_RESPONSE = -1;

    private final int status;
    private final String method;
    private final String path;
    private final String serverMessage;

    public ApiException(String method, String path, int status, String serverMessage, Throwable cause) {
        super(describe(method, path, status, serverMessage), cause);
        this.status = status;
        this.method = method;
        this.path = path;
        this.serverMessage = serverMessage;
    }

    public ApiException(String method, String path, int status, String serverMessage) {
        this(method, path, status, serverMessage, null);
    }

    private static String describe(String method, String path, int status, String serverMessage) {
        String outcome = status == NO_RESPONSE ? "got no answer" : "answered " + status;
        String detail = serverMessage == null || serverMessage.isBlank() ? "" : ": " + serverMessage;
        return method + " " + path + " " + outcome + detail;
    }

    /**
     * Returns a copy whose server message ends with {@code note}, such as "(gave up after 5
     * attempts)", with this exception as its cause.
     */
    public ApiException withNote(String note) {
        String message = serverMessage == null || serverMessage.isBlank() ? note : serverMessage + " " + note;
        return new ApiException(method, path, status, message, this);
    }

    public int status() {
        return status;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String serverMessage() {
        return serverMessage;
    }
}
