/** JSON mapping of events: Jackson 3, camelCase, ISO-8601 instants, unknown fields ignored (tolerant reader). */
package io.sherpa.common.json;
