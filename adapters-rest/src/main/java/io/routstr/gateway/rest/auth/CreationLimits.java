package io.routstr.gateway.rest.auth;

import java.util.Optional;

/**
 * How many keys and Lightning invoices one client address may create per minute on this instance ({@code 0} = no
 * limit), which request header names the client's address when a trusted proxy sets it (empty: the connection's
 * remote address), and how many addresses are tracked at once (memory bound; past it, new addresses share one
 * budget).
 */
public record CreationLimits(
        int keysPerMinute, int invoicesPerMinute, Optional<String> clientAddressHeader, int trackedAddresses) {

    public CreationLimits {
        if (keysPerMinute < 0 || invoicesPerMinute < 0) {
            throw new IllegalArgumentException("creation limits are 0 (none) or positive");
        }
        if (trackedAddresses < 1) {
            throw new IllegalArgumentException("at least one client address must be tracked");
        }
        clientAddressHeader = clientAddressHeader.map(String::strip).filter(header -> !header.isEmpty());
    }
}
