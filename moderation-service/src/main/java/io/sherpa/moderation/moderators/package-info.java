/** Moderator accounts: stored with bcrypt hashes in this service's database, each scoped to the sites they moderate. */
package io.sherpa.moderation.moderators;
