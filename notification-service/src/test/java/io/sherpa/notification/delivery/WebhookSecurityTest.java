package io.sherpa.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSecurityTest {

    @Test
    void refusesInternalAddressesUnlessAllowed() {
        for (String url : new String[] {
            "http://127.0.0.1/hook",
            "http://localhost:8080/x",
            "http://10.1.2.3/",
            "http://192.168.0.10/",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/",
            "http://0.0.0.0/"
        }) {
            assertThat(WebhookUrls.problem(url, false)).as(url).isPresent();
            assertThat(WebhookUrls.problem(url, true)).as(url).isEmpty();
        }
        assertThat(WebhookUrls.problem("ftp://example.org/x", true)).isPresent();
        assertThat(WebhookUrls.problem("http://user:pw@example.org/x", true)).isPresent();
        assertThat(WebhookUrls.problem("not a url", true)).isPresent();
    }

    @Test
    void signaturesVerifyOnlyWithTheSameSecretAndBody() {
        String secret = WebhookSignature.newSecret();
        String header = WebhookSignature.header(secret, 1_700_000_000L, "{\"a\":1}");
        assertThat(header).startsWith("t=1700000000,v1=");
        assertThat(WebhookSignature.verify(secret, header, "{\"a\":1}")).isTrue();
        assertThat(WebhookSignature.verify(secret, header, "{\"a\":2}")).isFalse();
        assertThat(WebhookSignature.verify(WebhookSignature.newSecret(), header, "{\"a\":1}"))
                .isFalse();
        assertThat(WebhookSignature.verify(secret, "garbage", "{\"a\":1}")).isFalse();
    }
}
