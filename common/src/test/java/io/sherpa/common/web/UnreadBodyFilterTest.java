package io.sherpa.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

class UnreadBodyFilterTest {

    private final UnreadBodyFilter filter = new UnreadBodyFilter();

    @Test
    void closesTheConnectionWhenTheAnswerLeavesTheBodyUnread() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/comments")
                .header(HttpHeaders.CONTENT_LENGTH, "5")
                .body("hello"));
        WebFilterChain refuse = e -> {
            e.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
            return e.getResponse().setComplete();
        };

        filter.filter(exchange, refuse).block();

        assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.CONNECTION))
                .isEqualTo("close");
    }

    @Test
    void keepsTheConnectionWhenTheBodyWasRead() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/comments")
                .header(HttpHeaders.CONTENT_LENGTH, "5")
                .body("hello"));
        WebFilterChain read = e -> DataBufferUtils.join(e.getRequest().getBody())
                .doOnNext(DataBufferUtils::release)
                .then(e.getResponse().setComplete());

        filter.filter(exchange, read).block();

        assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.CONNECTION))
                .isNull();
    }

    @Test
    void leavesRequestsWithoutABodyAlone() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/comments/x"));
        WebFilterChain notFound = e -> {
            e.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
            return e.getResponse().setComplete();
        };

        filter.filter(exchange, notFound).block();

        assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.CONNECTION))
                .isNull();
    }
}
