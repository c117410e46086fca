package dev.tributary.runtime.source;

/** A record that does not parse or does not fit the schema; its message goes into the dead letter's headers. */
public final class BadRecordException extends Exception {

    public BadRecordException(String message) {
        super(message, null, false, false);
    }

    public BadRecordException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
