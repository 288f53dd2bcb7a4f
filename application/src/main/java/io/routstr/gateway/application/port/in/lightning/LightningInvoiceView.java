package io.routstr.gateway.application.port.in.lightning;

import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.domain.lightning.LightningInvoice;
import java.util.Optional;

/**
 * An invoice as its holder sees it. {@code createdKey} is present only for a paid invoice that created a key, and only
 * to whoever presented its invoice id: the id is the capability to that new key. A top-up invoice never reveals the
 * key it credits (Routstr §14).
 */
public record LightningInvoiceView(LightningInvoice invoice, Optional<ApiKeySecret> createdKey) {}
