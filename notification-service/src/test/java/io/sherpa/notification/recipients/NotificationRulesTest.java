package io.sherpa.notification.recipients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationRulesTest {

    private static final List<Mentor> MENTORS =
            List.of(new Mentor("sherpa-sam", "Sam", List.of()), new Mentor("post-2-guide", "Gail", List.of("post-2")));

    @Test
    void aCommentTellsThePostAuthor() {
        assertThat(NotificationRules.whoToTell(aComment("ann"), MENTORS))
                .containsExactly(new Intent("amber", Kind.COMMENT_ON_POST));
    }

    @Test
    void neverNotifiesTheAuthorOfTheirOwnComment() {
        assertThat(NotificationRules.whoToTell(aComment("amber"), MENTORS)).isEmpty();
        ApprovedComment selfReply = aReplyTo("ann", "ann");
        assertThat(NotificationRules.whoToTell(selfReply, MENTORS))
                .containsExactly(new Intent("amber", Kind.COMMENT_ON_POST));
    }

    @Test
    void aReplyTellsTheParentAuthorAndThePostAuthorEachOnce() {
        assertThat(NotificationRules.whoToTell(aReplyTo("bob", "ann"), MENTORS))
                .containsExactly(new Intent("ann", Kind.REPLY), new Intent("amber", Kind.COMMENT_ON_POST));
        // a reply to the post author's own comment: one notification, the reply
        assertThat(NotificationRules.whoToTell(aReplyTo("bob", "amber"), MENTORS))
                .containsExactly(new Intent("amber", Kind.REPLY));
    }

    @Test
    void aReplyWhoseParentIsNotKnownYetTellsOnlyThePostAuthorForNow() {
        ApprovedComment orphan =
                new ApprovedComment("c9", "demo", "post-1", "amber", "parent-9", null, "bob", "Yes!", false);
        assertThat(NotificationRules.whoToTell(orphan, MENTORS))
                .containsExactly(new Intent("amber", Kind.COMMENT_ON_POST));
    }

    @Test
    void aNewcomersFirstCommentTellsTheMentorsOfThatPost() {
        ApprovedComment first =
                new ApprovedComment("c1", "demo", "post-1", "amber", null, null, "newbie", "Hi all", true);
        assertThat(NotificationRules.whoToTell(first, MENTORS))
                .containsExactly(
                        new Intent("amber", Kind.COMMENT_ON_POST),
                        new Intent("sherpa-sam", Kind.NEWCOMER_FIRST_COMMENT));
        ApprovedComment onPost2 =
                new ApprovedComment("c2", "demo", "post-2", "amber", null, null, "newbie", "Hi", true);
        assertThat(NotificationRules.whoToTell(onPost2, MENTORS))
                .extracting(Intent::recipientId)
                .containsExactly("amber", "sherpa-sam", "post-2-guide");
    }

    @Test
    void aMentorWhoIsTheNewcomerIsNotToldAboutThemselves() {
        ApprovedComment mentorsOwn =
                new ApprovedComment("c3", "demo", "post-1", "amber", null, null, "sherpa-sam", "Hi", true);
        assertThat(NotificationRules.whoToTell(mentorsOwn, MENTORS))
                .extracting(Intent::recipientId)
                .containsExactly("amber");
    }

    @Test
    void onlyANewcomersQuestionStartsTheUnansweredTimer() {
        assertThat(NotificationRules.startsUnansweredTimer(new ApprovedComment(
                        "q", "demo", "post-1", "amber", null, null, "newbie", "How do we start?", true)))
                .isTrue();
        assertThat(NotificationRules.startsUnansweredTimer(new ApprovedComment(
                        "q", "demo", "post-1", "amber", null, null, "regular", "How do we start?", false)))
                .isFalse();
        assertThat(NotificationRules.startsUnansweredTimer(new ApprovedComment(
                        "q", "demo", "post-1", "amber", null, null, "newbie", "See https://x.org/?a=1", true)))
                .isFalse();
        assertThat(NotificationRules.unansweredQuestion(
                        new ApprovedComment("q", "demo", "post-1", "amber", null, null, "newbie", "Why?", true),
                        MENTORS))
                .containsExactly(new Intent("sherpa-sam", Kind.NEWCOMER_UNANSWERED));
    }

    private static ApprovedComment aComment(String author) {
        return new ApprovedComment("c1", "demo", "post-1", "amber", null, null, author, "Nice post", false);
    }

    private static ApprovedComment aReplyTo(String author, String parentAuthor) {
        return new ApprovedComment("c2", "demo", "post-1", "amber", "c1", parentAuthor, author, "Agreed", false);
    }
}
