/**
 * Comment intake: the HTTP requests, their validation, the claim-publish-confirm flow that makes a
 * {@code 202} mean "Kafka has it", ingest's own MongoDB copy and the status view fed by
 * {@code sherpa.comments.decided.v1}.
 */
package io.sherpa.ingest.comments;
