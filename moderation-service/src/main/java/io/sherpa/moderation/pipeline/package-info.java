/**
 * The pipeline: consumes {@code sherpa.comments.submitted.v1} in batches, scores, stores (idempotent
 * upserts keyed by commentId) and publishes {@code CommentDecided} — consume, produce and offset commit in
 * one Kafka transaction.
 */
package io.sherpa.moderation.pipeline;
