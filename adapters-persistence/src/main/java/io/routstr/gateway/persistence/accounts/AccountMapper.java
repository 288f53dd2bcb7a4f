package io.routstr.gateway.persistence.accounts;

import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.key.LimitResetPeriod;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.ledger.LedgerEntry;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.ReservationId;
import java.util.Optional;

/** Rebuilds domain values from rows and back; rows never leave this package. */
final class AccountMapper {

    private AccountMapper() {}

    static ApiKey toDomain(ApiKeyEntity row) {
        Optional<BalanceLimit> limit = Optional.ofNullable(row.balanceLimitMsats)
                .map(l -> new BalanceLimit(
                        Msats.of(l), LimitResetPeriod.valueOf(row.limitResetPeriod), row.limitResetAt));
        RefundTarget refund = new RefundTarget(
                MintUrl.of(row.refundMintUrl), CurrencyUnit.of(row.refundUnit), row.refundAddress, row.refundAfter);
        return new ApiKey(
                new ApiKeyId(row.id),
                new KeyHash(row.keyHash),
                Msats.of(row.balanceMsats),
                Msats.of(row.reservedMsats),
                Msats.of(row.totalSpentMsats),
                Msats.of(row.periodSpentMsats),
                row.totalRequests,
                Optional.ofNullable(row.parentId).map(ApiKeyId::new),
                limit,
                Optional.ofNullable(row.validUntil),
                refund,
                row.createdAt);
    }

    /** A row for a key being created: balances start at zero whatever the value says, money arrives by credit. */
    static ApiKeyEntity newRow(ApiKey key) {
        ApiKeyEntity row = new ApiKeyEntity();
        row.id = key.id().value();
        row.keyHash = key.keyHash().value();
        row.parentId = key.parentId().map(ApiKeyId::value).orElse(null);
        row.balanceLimitMsats = key.balanceLimit().map(l -> l.limit().value()).orElse(null);
        row.limitResetPeriod =
                key.balanceLimit().map(l -> l.resetPeriod().name()).orElse(LimitResetPeriod.NEVER.name());
        row.limitResetAt = key.balanceLimit().map(BalanceLimit::lastResetAt).orElse(null);
        if (row.balanceLimitMsats != null && row.limitResetAt == null) {
            row.limitResetAt = key.createdAt();
        }
        row.validUntil = key.validUntil().orElse(null);
        row.refundMintUrl = key.refundTarget().mint().value();
        row.refundUnit = key.refundTarget().unit().code();
        row.refundAddress = key.refundTarget().lightningAddress();
        row.refundAfter = key.refundTarget().refundAfter();
        row.createdAt = key.createdAt();
        row.limitResetPeriod = row.limitResetPeriod == null ? LimitResetPeriod.NEVER.name() : row.limitResetPeriod;
        return row;
    }

    static LedgerEntry toDomain(LedgerEntryEntity row) {
        return new LedgerEntry(
                row.id,
                LedgerEntryType.valueOf(row.entryType),
                Optional.ofNullable(row.keyId).map(ApiKeyId::new),
                Msats.of(row.amountMsats),
                Optional.ofNullable(row.reservationId).map(ReservationId::new),
                Optional.ofNullable(row.reference),
                row.createdAt);
    }
}
