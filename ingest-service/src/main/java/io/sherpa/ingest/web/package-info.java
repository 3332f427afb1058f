/**
 * The HTTP edge: authentication of site keys and the admin token, body limits, rate limiting, and the
 * one place where errors become {@code application/problem+json}.
 */
package io.sherpa.ingest.web;
