/**
 * Scoring: each {@link io.sherpa.moderation.scoring.Signal} is a named, pure function from a comment (with
 * its author's history and the site policy) to verdicts with a reason code, severity, message and text
 * span. {@link io.sherpa.moderation.scoring.Signals#standard()} lists them; the
 * {@link io.sherpa.moderation.scoring.Scorer} runs them and aggregates once. A signal that throws is a
 * {@code SIGNAL_ERROR} hold, never "spam" and never "clean". Knows nothing of Spring, Kafka or MongoDB.
 */
package io.sherpa.moderation.scoring;
