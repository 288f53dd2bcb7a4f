package io.routstr.gateway.application.port.in.proxy;

import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;

/** Use case: pay for proxied requests from a prepaid key's balance, through the reservation ledger. */
public interface PayWithApiKeyUseCase {

    RequestPayer payerFor(ApiKeyId keyId);

    /** The payer of a key just loaded: its holds start from this snapshot instead of reading the key again. */
    RequestPayer payerFor(ApiKey key);
}
