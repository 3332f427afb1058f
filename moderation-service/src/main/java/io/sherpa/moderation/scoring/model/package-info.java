/**
 * The learned part of scoring: hashed n-gram {@link io.sherpa.moderation.scoring.model.Features}, a
 * {@link io.sherpa.moderation.scoring.model.LinearModel} per category fitted by the
 * {@link io.sherpa.moderation.scoring.model.Trainer} (naive-Bayes-scaled logistic regression), and
 * {@link io.sherpa.moderation.scoring.model.ModelTraining}, the one way models are made from the starter corpus
 * plus what a site taught. Plain Java: storage and scheduling live in {@code moderation.learning}.
 */
package io.sherpa.moderation.scoring.model;
