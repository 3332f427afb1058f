/**
 * How moderation-service learns: training examples (uploaded files and moderators' decisions) and the
 * models trained from them, stored in MongoDB and shared by every replica. Training runs on its own
 * thread; scoring always uses the last model loaded and never waits for one being trained.
 */
package io.sherpa.moderation.learning;
