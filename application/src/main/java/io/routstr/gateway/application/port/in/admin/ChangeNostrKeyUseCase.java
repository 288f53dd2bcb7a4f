package io.routstr.gateway.application.port.in.admin;

/**
 * Use case: the operator sets the node's Nostr key at run time (Routstr's {@code PATCH /admin/api/nsec}). The key is
 * stored sealed at rest and wins over {@code NSEC}; an empty key clears the operator's choice, so that {@code NSEC} (or
 * else a newly generated key) is the key again. The npub in {@code /v1/info} and the Nostr listing follow at once.
 */
public interface ChangeNostrKeyUseCase {

    NsecOutcome change(String nsec);

    /** Signs from now on with the key the store decides now: takes up a change made on another instance. */
    void takeUpStoredKey();

    /** What came of a change. */
    sealed interface NsecOutcome {
        /** The key now in use, by its npub. */
        record Changed(String npub) implements NsecOutcome {}

        /** Neither {@code nsec1…} nor 64 hex characters: nothing changed. */
        record Invalid() implements NsecOutcome {}
    }
}
