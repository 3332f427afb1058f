/** A site's moderation policy: thresholds, word lists, link rules, trusted authors, mode. Plain Java; validated; versioned. */
package io.sherpa.moderation.policy;
