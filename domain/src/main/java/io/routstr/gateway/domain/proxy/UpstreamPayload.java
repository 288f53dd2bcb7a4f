package io.routstr.gateway.domain.proxy;

/**
 * A client's request body as the upstream adapter parsed it: opaque to the application, which only hands it back to
 * that adapter to be rewritten (model id, usage option, dialect translation) and sent.
 */
public interface UpstreamPayload {}
