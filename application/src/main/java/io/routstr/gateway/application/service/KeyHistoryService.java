package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.key.KeyHistoryUseCase;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.ledger.LedgerEntry;
import java.util.List;

/** Reads a key's ledger entries. */
public record KeyHistoryService(LedgerPort ledger) implements KeyHistoryUseCase {

    @Override
    public List<LedgerEntry> history(ApiKeyId keyId) {
        return ledger.entriesFor(keyId, MAX_ENTRIES);
    }
}
