package io.routstr.gateway.application.port.in.key;

import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.money.Msats;

/** What came of a deposit. */
public sealed interface FundOutcome {

    /** The key after the deposit; for a child key the parent was credited. */
    ApiKey key();

    record Funded(ApiKey key, Msats credited) implements FundOutcome {}

    /** This deposit reference was credited before; nothing changed. */
    record AlreadyFunded(ApiKey key) implements FundOutcome {}
}
