package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.application.port.out.WalletJournalPort.OperationKind;

/**
 * Test seam: the points of an operation where a process can die. Production uses {@link #NONE}; crash tests throw
 * from {@link #at} to stop an operation there and then run recovery as a restarted node would.
 */
interface WalletFaults {

    WalletFaults NONE = (step, kind) -> {};

    /** Points of a swap, mint or melt, after the journal has been written. */
    enum Step {
        /** Counters reserved and outputs derived, request not sent. */
        BEFORE_MINT_CALL,
        /** The mint has answered; nothing of the answer is stored yet. */
        BEFORE_COMMIT
    }

    void at(Step step, OperationKind kind);
}
