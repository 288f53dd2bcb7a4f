package io.routstr.gateway.application.port.in.key;

/**
 * Use case: credit a key with money that has already arrived (redeemed ecash, a paid Lightning quote), creating the
 * key on its first deposit. A deposit reference is credited once, however often it is presented.
 */
public interface FundApiKeyUseCase {

    FundOutcome fund(FundApiKeyCommand command);
}
