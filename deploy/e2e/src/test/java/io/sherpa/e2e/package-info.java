/**
 * End-to-end tests: the whole stack started through {@code run-local.sh} (Kafka, the embedded store, the three
 * services as processes) on free ports, a real Prometheus scraping it, and structural checks of the deployment
 * files (docker compose, Kubernetes, Grafana) that cannot be run on machines without Docker or a cluster.
 */
package io.sherpa.e2e;
