package io.sherpa.notification.recipients;

/** Kinds of notification (DESIGN §4). */
public enum Kind {
    /** Someone replied to your comment. */
    REPLY,
    /** Someone commented on your post. */
    COMMENT_ON_POST,
    /** A newcomer's first comment was published: welcome them (to mentors). */
    NEWCOMER_FIRST_COMMENT,
    /** A newcomer asked a question and nobody has answered yet (to mentors). */
    NEWCOMER_UNANSWERED
}
