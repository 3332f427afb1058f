/**
 * ingest-service: takes comments from blog platforms over HTTP and puts them on Kafka. Its promise: once
 * it answers {@code 202}, Kafka has the comment and it will be moderated; the same comment handed over
 * twice is one comment.
 */
package io.sherpa.ingest;
