package io.sherpa.common.web;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error the API answers on purpose, with its status, a short title and a detail for the caller. Mapped
 * to {@code application/problem+json} in one place ({@link ProblemHandling}).
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final Map<String, String> headers;
    private final List<FieldError> errors;

    public ApiException(HttpStatus status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of(), List.of());
    }

    public ApiException(
            HttpStatus status,
            String type,
            String title,
            String detail,
            Map<String, String> headers,
            List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.headers = Map.copyOf(headers);
        this.errors = List.copyOf(errors);
    }

    /** One invalid field of a request. */
    public record FieldError(String field, String message) {}

    public static ApiException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ApiException(HttpStatus.BAD_REQUEST, "validation", "Invalid request", detail, Map.of(), errors);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "conflict", "Conflict", detail);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(
                HttpStatus.UNAUTHORIZED,
                "unauthorized",
                "Unauthorized",
                detail,
                Map.of("WWW-Authenticate", "Bearer"),
                List.of());
    }

    public static ApiException rateLimited(long retryAfterSeconds) {
        return new ApiException(
                HttpStatus.TOO_MANY_REQUESTS,
                "rate-limited",
                "Too many requests",
                "This site is over its comment rate; retry after " + retryAfterSeconds + " s",
                Map.of("Retry-After", Long.toString(retryAfterSeconds)),
                List.of());
    }

    public static ApiException unavailable(String detail, long retryAfterSeconds) {
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "unavailable",
                "Service unavailable",
                detail,
                Map.of("Retry-After", Long.toString(retryAfterSeconds)),
                List.of());
    }

    public HttpStatus status() {
        return status;
    }

    /** The problem type, a relative URI under {@code /problems/}. */
    public String type() {
        return "/problems/" + type;
    }

    public String title() {
        return title;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
