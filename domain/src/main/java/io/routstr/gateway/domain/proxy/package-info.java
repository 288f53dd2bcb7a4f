/** The proxy's wire-level values: which endpoint a request is for and the server-sent events of a stream. */
package io.routstr.gateway.domain.proxy;
