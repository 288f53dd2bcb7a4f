package io.routstr.gateway.application.port.in.key;

import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.KeyHash;

/**
 * Use case: a parent starts one of its child keys' spending limit over ({@code /v1/balance/child-key/reset}). The
 * child's lifetime total is kept; only what its limit counts is reset.
 */
public interface ResetChildKeySpendingUseCase {

    Outcome reset(ApiKeyId parentId, KeyHash childHash);

    /** What came of a reset. */
    enum Outcome {
        RESET,
        CHILD_NOT_FOUND,
        NOT_THE_PARENT
    }
}
