/**
 * The {@code evaluate} command: scores a labelled file with the default policy and the learned models, and
 * reports precision, recall, F1, accuracy, MCC and ROC AUC. Plain Java; it starts no Spring context, no Kafka
 * and no MongoDB.
 */
package io.sherpa.moderation.evaluation;
