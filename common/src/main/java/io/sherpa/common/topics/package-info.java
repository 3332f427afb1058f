/** The one catalogue of Sherpa's Kafka topics, used by producers, consumers and tests alike. */
package io.sherpa.common.topics;
