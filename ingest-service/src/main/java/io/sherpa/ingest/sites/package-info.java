/** The admin API of sites and their API keys; changes are published to the compacted {@code sherpa.sites.v1}. */
package io.sherpa.ingest.sites;
