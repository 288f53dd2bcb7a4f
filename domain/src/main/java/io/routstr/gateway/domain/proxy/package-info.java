/**
 * The proxy's request as billing sees it: which endpoint and model, the request read once ({@code LlmRequest}) with
 * its body as an opaque payload, and an upstream's error in OpenAI's terms. No wire format lives here.
 */
package io.routstr.gateway.domain.proxy;
