package io.sherpa.common.json;

/** A record value that is not the event its topic carries. Permanent: retrying cannot fix it. */
public class EventFormatException extends RuntimeException {

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
