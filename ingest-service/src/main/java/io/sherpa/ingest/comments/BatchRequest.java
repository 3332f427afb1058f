package io.sherpa.ingest.comments;

import java.util.List;

/** {@code POST /api/v1/comments:batch}: up to 500 comments, each answered on its own. */
public record BatchRequest(List<CommentRequest> comments) {}
