/**
 * The moderator dashboard: its pages (served from this jar, plain HTML, CSS and JavaScript), the sign-in
 * page, and the read models behind its views: who is signed in, the audit log and the overview of
 * decision rates, queue depth and overrides (read from the same meters Prometheus scrapes).
 */
package io.sherpa.moderation.dashboard;
