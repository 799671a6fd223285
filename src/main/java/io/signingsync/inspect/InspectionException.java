package io.signingsync.inspect;

/** A signing file that cannot be used: the message says why, in words that name no secret. */
public class InspectionException extends Exception {

    public InspectionException(String reason) {
        super(reason);
    }

    public InspectionException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
