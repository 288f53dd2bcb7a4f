package io.routstr.gateway.application.port.in.key;

import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.ledger.LedgerEntry;
import java.util.List;

/** Use case: the money movements of a key, newest first ({@code /v1/balance/history}). */
public interface KeyHistoryUseCase {

    int MAX_ENTRIES = 500;

    List<LedgerEntry> history(ApiKeyId keyId);
}
