/** Erasure of an author's data (GDPR): published as {@code AuthorErased} for every service, applied to ingest's own copy. */
package io.sherpa.ingest.authors;
