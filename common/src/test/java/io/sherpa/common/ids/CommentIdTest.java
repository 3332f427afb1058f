package io.sherpa.common.ids;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommentIdTest {

    @Test
    void theSameSiteAndExternalIdAlwaysGiveTheSameId() {
        assertThat(CommentId.derive(SiteId.of("blog"), "c1")).isEqualTo(CommentId.derive(SiteId.of("blog"), "c1"));
    }

    @Test
    void idsAreStableAcrossReleases() {
        // a changed derivation would re-key every stored comment: this value must never change
        assertThat(CommentId.derive(SiteId.of("demo"), "hello-1").asString())
                .isEqualTo("0dd78636-ed91-52b6-927b-9a4178762975");
    }

    @Test
    void otherSitesOrExternalIdsGiveOtherIds() {
        CommentId id = CommentId.derive(SiteId.of("blog"), "c1");
        assertThat(CommentId.derive(SiteId.of("blog2"), "c1")).isNotEqualTo(id);
        assertThat(CommentId.derive(SiteId.of("blog"), "c2")).isNotEqualTo(id);
        // the separator keeps ("ab", "c") and ("a", "bc") apart
        assertThat(CommentId.derive(SiteId.of("ab"), "c")).isNotEqualTo(CommentId.derive(SiteId.of("a0"), "bc"));
    }

    @Test
    void idsAreVersion5Uuids() {
        CommentId id = CommentId.derive(SiteId.of("blog"), "c1");
        assertThat(id.value().version()).isEqualTo(5);
        assertThat(id.value().variant()).isEqualTo(2);
    }

    @Test
    void parsingFromAUrlNeverThrows() {
        assertThat(CommentId.tryParse("not-a-uuid")).isEmpty();
        assertThat(CommentId.tryParse("../../etc/passwd")).isEmpty();
        assertThat(CommentId.tryParse(null)).isEmpty();
        assertThat(CommentId.tryParse("0dd78636-ed91-52b6-927b-9a4178762975")).isPresent();
    }

    @Test
    void siteIdsAreShapedForUrlsAndLogs() {
        assertThat(SiteId.isValid("demo")).isTrue();
        assertThat(SiteId.isValid("my-blog-2")).isTrue();
        assertThat(SiteId.isValid("Demo")).isFalse();
        assertThat(SiteId.isValid("a")).isFalse();
        assertThat(SiteId.isValid("../x")).isFalse();
        assertThat(SiteId.isValid(null)).isFalse();
    }
}
