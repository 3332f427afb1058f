package io.sherpa.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class RoutedPathTest {

    @ParameterizedTest
    @CsvSource({
        "/api/v1/admin/sites, /api/v1/admin/sites",
        "'/api/v1;x=1/admin/sites', /api/v1/admin/sites",
        "'/api/v1/admin;a=b;c=d/sites', /api/v1/admin/sites",
        "/api/%761/admin/sites, /api/v1/admin/sites",
        "/api/v1/%61dmin/sites, /api/v1/admin/sites",
        "//api//v1/admin/sites/, /api/v1/admin/sites",
        "/api/v1/comments:batch, /api/v1/comments:batch",
        "/, /",
    })
    void readsThePathAsTheRouterMatchesIt(String raw, String routed) {
        MockServerHttpRequest request = MockServerHttpRequest.method(
                        HttpMethod.GET, URI.create("http://localhost" + raw))
                .build();
        assertThat(RoutedPath.of(request)).isEqualTo(routed);
    }
}
