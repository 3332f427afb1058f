/** Who may call what: site API keys (Bearer) for site APIs, moderator credentials (HTTP Basic) for moderator APIs. */
package io.sherpa.moderation.web;
