/**
 * The HTTP edge shared by the services that serve HTTP (WebFlux present): typed API errors and the one
 * place they become RFC 9457 {@code application/problem+json}.
 */
package io.sherpa.common.web;
