package io.sherpa.ingest.web;

import io.sherpa.common.web.ApiException;
import io.sherpa.common.web.Problems;
import io.sherpa.common.web.RoutedPath;
import io.sherpa.ingest.IngestProperties;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Caps request bodies: 64 KiB for one comment, more for a batch (both configurable). A declared
 * {@code Content-Length} over the cap is refused before any byte is read; a chunked body is counted as
 * it streams and refused once it passes the cap. Either way the answer is {@code 413}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class BodyLimitFilter implements WebFilter {

    private final long maxBody;
    private final long maxBatchBody;

    public BodyLimitFilter(IngestProperties settings) {
        this.maxBody = settings.maxBodySize().toBytes();
        this.maxBatchBody = settings.maxBatchBodySize().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = RoutedPath.of(request);
        if (!path.startsWith("/api/")) {
            return chain.filter(exchange);
        }
        long limit = path.endsWith(":batch") ? maxBatchBody : maxBody;
        long declared = request.getHeaders().getContentLength();
        if (declared > limit) {
            return Problems.write(exchange.getResponse(), tooLarge(limit));
        }
        ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                        DataBufferUtils.release(buffer);
                        sink.error(new PayloadTooLargeException(null));
                    } else {
                        sink.next(buffer);
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    private static ApiException tooLarge(long limit) {
        return new ApiException(
                HttpStatus.CONTENT_TOO_LARGE,
                "too-large",
                "Request body too large",
                "The request body is larger than the " + limit + " bytes this endpoint accepts");
    }
}
