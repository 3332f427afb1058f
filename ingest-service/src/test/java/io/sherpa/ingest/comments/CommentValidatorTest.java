package io.sherpa.ingest.comments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sherpa.common.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommentValidatorTest {

    private final CommentValidator validator = new CommentValidator(10_000);

    @Test
    void cleansAValidCommentHashingTheEmailAndCuttingTheAddressToAPrefix() {
        ValidComment valid = validator.validate(
                new CommentRequest(
                        "c1",
                        "p1",
                        null,
                        null,
                        "https://blog.example/p1",
                        null,
                        new CommentRequest.AuthorRequest("ann", null, " Ann@Example.ORG ", null),
                        "Hi\u0000 there",
                        "2024-05-01T12:00:00+02:00",
                        new CommentRequest.EnvelopeRequest("2001:db8:abcd:12::1", "UA", null)),
                "");
        assertThat(valid.text()).isEqualTo("Hi there");
        assertThat(valid.authorName()).isEqualTo("Anonymous");
        assertThat(valid.authorEmailHash()).isEqualTo(CommentValidator.sha256("ann@example.org"));
        assertThat(valid.ipPrefix()).isEqualTo("2001:db8:abcd::/48");
        assertThat(valid.createdAt()).hasToString("2024-05-01T10:00:00Z");
    }

    @Test
    void reportsEveryInvalidFieldAtOnceWithItsPath() {
        assertThatThrownBy(() -> validator.validate(
                        new CommentRequest(
                                null, "", null, null, "ftp://x", null, null, "x".repeat(10_001), "soon", null),
                        "comments[4]."))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.errors())
                                .extracting(ApiException.FieldError::field)
                                .containsExactlyInAnyOrder(
                                        "comments[4].externalId",
                                        "comments[4].postId",
                                        "comments[4].postUrl",
                                        "comments[4].author",
                                        "comments[4].text",
                                        "comments[4].createdAt"));
    }

    @Test
    void countsCharactersNotUtf16Units() {
        String emoji = "\uD83D\uDE00".repeat(10_000);
        assertThat(validator.validate(aRequest(emoji), "").text()).isEqualTo(emoji);
    }

    @Test
    void removesControlCharactersAndUnpairedSurrogatesButKeepsLinesAndEmoji() {
        assertThat(CommentValidator.clean("a\u0000b\u001bc\td\ne\r\u0085f\uD800g\uDC00h\uD83D\uDE00"))
                .isEqualTo("abc\td\ne\rfgh\uD83D\uDE00");
        assertThat(CommentValidator.clean("plain")).isSameAs("plain");
    }

    @Test
    void acceptsOnlyAddressLiteralsNeverHostNames() {
        List<ApiException.FieldError> errors = new ArrayList<>();
        assertThat(CommentValidator.ipPrefix("192.168.7.42", "ip", errors)).isEqualTo("192.168.7.0/24");
        assertThat(CommentValidator.ipPrefix("::ffff:10.1.2.3", "ip", errors)).isEqualTo("10.1.2.0/24");
        assertThat(errors).isEmpty();
        assertThat(CommentValidator.ipPrefix("256.1.1.1", "ip", errors)).isNull();
        assertThat(CommentValidator.ipPrefix("example.org", "ip", errors)).isNull();
        assertThat(CommentValidator.ipPrefix("1:2:3:zz::", "ip", errors)).isNull();
        assertThat(errors).hasSize(3);
    }

    @Test
    void acceptsInternationalAndUnderscoreHostsButNotURLsWithoutAHost() {
        for (String url : List.of(
                "https://bücher-blog.de/p/1",
                "https://xn--bcher-blog-xhb.de/p/1",
                "https://my_site.example.com/",
                "http://blog.example:8080/p?id=1")) {
            assertThat(validator.validate(withPostUrl(url), "").postUrl())
                    .as(url)
                    .isEqualTo(url);
        }
        for (String url : List.of("https:///p/1", "https://:80/p", "mailto:ann@example.org", "https://exa mple.com/")) {
            assertThatThrownBy(() -> validator.validate(withPostUrl(url), ""))
                    .as(url)
                    .isInstanceOfSatisfying(
                            ApiException.class,
                            e -> assertThat(e.errors())
                                    .extracting(ApiException.FieldError::field)
                                    .containsExactly("postUrl"));
        }
    }

    private static CommentRequest withPostUrl(String url) {
        return new CommentRequest(
                "c1",
                "p1",
                null,
                null,
                url,
                null,
                new CommentRequest.AuthorRequest("ann", "Ann", null, null),
                "Hello",
                null,
                null);
    }

    private static CommentRequest aRequest(String text) {
        return new CommentRequest(
                "c1",
                "p1",
                null,
                null,
                null,
                null,
                new CommentRequest.AuthorRequest("ann", "Ann", null, null),
                text,
                null,
                null);
    }
}
