package io.sherpa.notification.recipients;

/** "Tell this recipient this kind of thing about the comment." */
public record Intent(String recipientId, Kind kind) {}
