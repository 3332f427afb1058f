/** Typed identifiers. Ids are strings on the wire; in code they are types, so a site id is never passed as a comment id. */
package io.sherpa.common.ids;
