package io.sherpa.common.web;

import io.sherpa.common.json.EventJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/** Turns an {@link ApiException} into a problem document, for controllers and for web filters alike. */
public final class Problems {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private Problems() {}

    public static ProblemDetail detail(ApiException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setType(URI.create(e.type()));
        problem.setTitle(e.title());
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors());
        }
        return problem;
    }

    public static ResponseEntity<Object> response(ApiException e) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(e.status()).contentType(PROBLEM_JSON);
        e.headers().forEach(builder::header);
        return builder.body(detail(e));
    }

    /** Writes the problem straight to the response: for filters, which run outside the controller advice. */
    public static Mono<Void> write(ServerHttpResponse response, ApiException e) {
        response.setStatusCode(e.status());
        response.getHeaders().setContentType(PROBLEM_JSON);
        e.headers().forEach(response.getHeaders()::set);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", e.type());
        body.put("title", e.title());
        body.put("status", e.status().value());
        body.put("detail", e.getMessage());
        if (!e.errors().isEmpty()) {
            body.put("errors", e.errors());
        }
        byte[] bytes = EventJson.write(body).getBytes(StandardCharsets.UTF_8);
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }
}
