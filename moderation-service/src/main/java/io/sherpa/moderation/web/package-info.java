/**
 * Who may call what: site API keys (Bearer) for site APIs, moderator credentials (HTTP Basic or the
 * dashboard's session with its CSRF token) for moderator APIs, form sign-in for the dashboard.
 */
package io.sherpa.moderation.web;
