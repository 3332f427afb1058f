/**
 * Text normalisation shared by every signal and model: markup, invisible characters, Unicode
 * compatibility forms, case, accents, look-alike letters, leetspeak, stretched and spelled-out words —
 * with every normalised character mapped back to the original, so spans point at what the author wrote.
 */
package io.sherpa.moderation.scoring.text;
