package io.sherpa.ingest.web;

import io.sherpa.ingest.IngestProperties;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The JSON decoder holds a whole request body in memory before it reads it, 256 KiB at most by default: a batch
 * of 500 ordinary comments is larger. It may hold the largest body {@link BodyLimitFilter} lets through (a
 * batch's), so that limit, answered with {@code 413}, is the only one.
 */
@Configuration(proxyBeanMethods = false)
class DecoderLimits {

    @Bean
    CodecCustomizer decoderHoldsTheLargestBodyAllowed(IngestProperties settings) {
        int largest =
                (int) Math.min(Integer.MAX_VALUE, settings.maxBatchBodySize().toBytes());
        return codecs -> codecs.defaultCodecs().maxInMemorySize(largest);
    }
}
