/**
 * The events of DESIGN §3: small immutable records with past-tense names. JSON field names are the
 * record component names (camelCase); optional fields are {@code null} and left out on the wire.
 */
package io.sherpa.common.events;
