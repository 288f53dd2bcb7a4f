/** Upstream providers and the routes that serve a model through one of them. */
package io.routstr.gateway.domain.provider;
