package io.routstr.gateway.domain.refund;

import java.util.Objects;
import java.util.UUID;

/** Identity of one refund claim; the client sees it as {@code refund_id}. */
public record RefundId(UUID value) {

    public RefundId {
        Objects.requireNonNull(value, "refund id");
    }

    public static RefundId random() {
        return new RefundId(UUID.randomUUID());
    }

    public static RefundId parse(String text) {
        return new RefundId(UUID.fromString(text));
    }

    /** The ledger reference of the claim's debit (and of its reversal): one booking each per claim. */
    public String ledgerReference() {
        return "refund:" + value;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
