package io.sherpa.common.web;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * The one place where errors become RFC 9457 {@code application/problem+json}: Sherpa's own
 * {@link ApiException}s, Spring's (malformed JSON, wrong media type, unknown path…), and anything
 * unexpected, which is logged and answered without internals.
 */
public class ProblemHandling extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);
    private static final int MAX_DETAIL = 300;

    @ExceptionHandler(ApiException.class)
    Mono<ResponseEntity<Object>> handleApi(ApiException e, ServerWebExchange exchange) {
        return Mono.just(Problems.response(e));
    }

    @ExceptionHandler(Exception.class)
    Mono<ResponseEntity<Object>> handleUnexpected(Exception e, ServerWebExchange exchange) {
        log.error(
                "Unexpected error on {} {}",
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(),
                e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred; it has been logged");
        return Mono.just(ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .contentType(Problems.PROBLEM_JSON)
                .body(problem));
    }

    /** A body that could not be read: too large (413), or not JSON of the right shape (400, with the parser's reason). */
    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(
            ServerWebInputException e, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        if (causedBy(e, PayloadTooLargeException.class) || causedBy(e, DataBufferLimitException.class)) {
            ApiException tooLarge = new ApiException(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "too-large",
                    "Request body too large",
                    "The request body is larger than this endpoint accepts");
            return Mono.just(Problems.response(tooLarge));
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, describe(e));
        problem.setTitle("Malformed request");
        problem.setType(URI.create("/problems/malformed"));
        return Mono.just(
                ResponseEntity.badRequest().contentType(Problems.PROBLEM_JSON).body(problem));
    }

    @Override
    protected Mono<ResponseEntity<Object>> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        return Mono.just(ResponseEntity.status(status)
                .headers(headers)
                .contentType(Problems.PROBLEM_JSON)
                .body(body));
    }

    private static String describe(ServerWebInputException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = e.getReason() == null ? "The request could not be read" : e.getReason();
        if (root != e && root.getMessage() != null) {
            String cause = root.getMessage().replaceAll("\\s+", " ");
            reason = reason + ": " + (cause.length() > MAX_DETAIL ? cause.substring(0, MAX_DETAIL) + "…" : cause);
        }
        return reason;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
