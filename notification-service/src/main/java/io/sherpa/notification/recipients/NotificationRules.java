package io.sherpa.notification.recipients;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Who is told about a published comment. Each rule is small and named; {@link #whoToTell} applies them
 * all, then the filters that hold for every kind: never the comment's own author, and one notification
 * per recipient (a parent author who also wrote the post hears "reply", not both).
 */
public final class NotificationRules {

    private NotificationRules() {}

    /** A reply tells the author of the comment replied to. */
    static final BiFunction<ApprovedComment, List<Mentor>, List<Intent>> REPLY_TELLS_PARENT_AUTHOR = (c, mentors) ->
            c.isReply() && c.parentAuthorId() != null ? List.of(new Intent(c.parentAuthorId(), Kind.REPLY)) : List.of();

    /** A comment tells the post's author. */
    static final BiFunction<ApprovedComment, List<Mentor>, List<Intent>> COMMENT_TELLS_POST_AUTHOR = (c, mentors) ->
            c.postAuthorId() != null ? List.of(new Intent(c.postAuthorId(), Kind.COMMENT_ON_POST)) : List.of();

    /** A newcomer's first published comment tells the mentors of that site and post. */
    static final BiFunction<ApprovedComment, List<Mentor>, List<Intent>> NEWCOMER_TELLS_MENTORS =
            (c, mentors) -> c.firstTimeAuthor()
                    ? mentors.stream()
                            .filter(m -> m.covers(c.postId()))
                            .map(m -> new Intent(m.id(), Kind.NEWCOMER_FIRST_COMMENT))
                            .toList()
                    : List.of();

    static final List<BiFunction<ApprovedComment, List<Mentor>, List<Intent>>> RULES =
            List.of(REPLY_TELLS_PARENT_AUTHOR, COMMENT_TELLS_POST_AUTHOR, NEWCOMER_TELLS_MENTORS);

    /** Never notify the author of their own comment. */
    static boolean notTheAuthorThemselves(ApprovedComment c, Intent intent) {
        return !intent.recipientId().equals(c.authorId());
    }

    public static List<Intent> whoToTell(ApprovedComment comment, List<Mentor> mentors) {
        List<Intent> intents = new ArrayList<>();
        Set<String> told = new LinkedHashSet<>();
        for (BiFunction<ApprovedComment, List<Mentor>, List<Intent>> rule : RULES) {
            for (Intent intent : rule.apply(comment, mentors)) {
                if (notTheAuthorThemselves(comment, intent) && told.add(intent.recipientId())) {
                    intents.add(intent);
                }
            }
        }
        return intents;
    }

    /** A newcomer's question starts a timer: if nobody answers, the mentors hear of it. */
    public static boolean startsUnansweredTimer(ApprovedComment comment) {
        return comment.firstTimeAuthor() && comment.asksAQuestion();
    }

    /** When an unanswered question's timer fires: the mentors who cover the post, never its author. */
    public static List<Intent> unansweredQuestion(ApprovedComment question, List<Mentor> mentors) {
        return mentors.stream()
                .filter(m -> m.covers(question.postId()))
                .filter(m -> !m.id().equals(question.authorId()))
                .map(m -> new Intent(m.id(), Kind.NEWCOMER_UNANSWERED))
                .toList();
    }
}
