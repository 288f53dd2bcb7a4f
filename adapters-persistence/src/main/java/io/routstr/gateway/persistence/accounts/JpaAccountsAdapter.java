package io.routstr.gateway.persistence.accounts;

import io.routstr.gateway.application.port.out.ApiKeyPort;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.InstanceHeartbeatPort;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.TokenKeyOpeningPort;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeyId;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.key.LimitResetPeriod;
import io.routstr.gateway.domain.key.RefundTarget;
import io.routstr.gateway.domain.ledger.ChargeDetails;
import io.routstr.gateway.domain.ledger.LedgerBalanceReport;
import io.routstr.gateway.domain.ledger.LedgerEntry;
import io.routstr.gateway.domain.ledger.LedgerEntryType;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.reservation.InstanceId;
import io.routstr.gateway.domain.reservation.Reservation;
import io.routstr.gateway.domain.reservation.ReservationId;
import io.routstr.gateway.domain.reservation.ReservationState;
import io.routstr.gateway.persistence.PoolWaits;
import io.routstr.gateway.persistence.TypedParameters;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The accounts ports on PostgreSQL. Every public method is one short transaction that touches only the database; no
 * caller's network I/O ever runs inside one.
 *
 * <p>The paid request's steps (find a key, hold, settle, release) run as single SQL statements ({@link
 * PaidPathStatements}) in plain JDBC transactions: no ORM session is opened on the hot path.
 *
 * <p>The single statements of the paid path (a plain key's hold, a settlement, a release) go through {@link
 * GroupCommit}: those of concurrent requests share one transaction and one commit, on the writer of the billing key
 * whose row they lock ({@link WriterBucket}: a reservation's id names its key's writer).
 *
 * <p>Lock order, to keep concurrent transactions free of deadlocks: a reservation row first, then the billing key,
 * then the child key.
 */
@Component
class JpaAccountsAdapter implements ApiKeyPort, BalancePort, InstanceHeartbeatPort, LedgerPort, TokenKeyOpeningPort {

    /** Waits for a pooled connection a settlement or a release makes before it fails (each the pool's timeout). */
    static final int FINISHING_CONNECTION_ATTEMPTS = 6;

    private final ApiKeyRepository keys;
    private final ReservationRepository reservations;
    private final LedgerEntryRepository ledger;
    private final NodeInstanceRepository instances;
    private final TransactionTemplate tx;
    private final TransactionTemplate readSnapshot;
    private final PaidPathStatements paid;
    private final JdbcClient jdbc;
    private final TransactionTemplate jdbcTx;
    private final GroupCommit groupCommit;
    private final LedgerTotals ledgerTotals;

    JpaAccountsAdapter(
            ApiKeyRepository keys,
            ReservationRepository reservations,
            LedgerEntryRepository ledger,
            NodeInstanceRepository instances,
            PlatformTransactionManager transactions,
            DataSource dataSource,
            GroupCommit groupCommit) {
        this.keys = keys;
        this.reservations = reservations;
        this.ledger = ledger;
        this.instances = instances;
        this.tx = new TransactionTemplate(transactions);
        this.jdbc = JdbcClient.create(dataSource);
        this.paid = new PaidPathStatements(jdbc);
        // A JDBC transaction on the same data source: it joins one the ORM's manager has open, and opens no
        // ORM session of its own when none is.
        this.jdbcTx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.readSnapshot = new TransactionTemplate(transactions);
        this.readSnapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.readSnapshot.setReadOnly(true);
        this.groupCommit = groupCommit;
        this.ledgerTotals = new LedgerTotals(jdbc, jdbcTx);
    }

    // --- ApiKeyPort

    @Override
    public Optional<ApiKey> findByHash(KeyHash hash) {
        return paid.findByHash(hash);
    }

    @Override
    public Optional<ApiKey> findById(ApiKeyId id) {
        return paid.findById(id);
    }

    @Override
    public Msats standingHeld(ApiKeyId billingKey) {
        Long held = jdbc.sql("SELECT coalesce(sum(amount_msats), 0) FROM reservations"
                        + " WHERE billing_key_id = ? AND state = 'ACTIVE' AND standing")
                .param(billingKey.value())
                .query(Long.class)
                .single();
        return Msats.of(held);
    }

    @Override
    public List<ApiKey> findChildren(ApiKeyId parentId) {
        return keys.findByParentIdOrderByCreatedAt(parentId.value()).stream()
                .map(AccountMapper::toDomain)
                .toList();
    }

    @Override
    public ApiKey createIfAbsent(ApiKey key) {
        try {
            return tx.execute(status -> keys.findByKeyHash(key.keyHash().value())
                    .map(AccountMapper::toDomain)
                    .orElseGet(() -> AccountMapper.toDomain(keys.saveAndFlush(AccountMapper.newRow(key)))));
        } catch (DataIntegrityViolationException raced) {
            // Another caller stored the same hash first: theirs is the key.
            return findByHash(key.keyHash()).orElseThrow(() -> raced);
        }
    }

    @Override
    public void updateRefundTarget(ApiKeyId id, RefundTarget target) {
        tx.executeWithoutResult(status -> keys.updateRefundTarget(
                id.value(),
                target.mint().value(),
                target.unit().code(),
                target.lightningAddress(),
                target.refundAfter()));
    }

    @Override
    public void updateLimits(ApiKeyId id, Optional<BalanceLimit> limit, Optional<Instant> validUntil) {
        tx.executeWithoutResult(status -> keys.updateLimits(
                id.value(),
                limit.map(l -> l.limit().value()).orElse(null),
                limit.map(l -> l.resetPeriod().name()).orElse(LimitResetPeriod.NEVER.name()),
                validUntil.orElse(null)));
    }

    @Override
    public List<ApiKey> findDueForRefund(Instant now, int limit) {
        return keys.findDueForRefund(now, limit).stream()
                .map(AccountMapper::toDomain)
                .toList();
    }

    @Override
    public void deferRefund(ApiKeyId id, Instant retryAt) {
        tx.executeWithoutResult(status -> keys.deferRefund(id.value(), retryAt));
    }

    // --- BalancePort

    @Override
    public CreditResult credit(ApiKeyId keyId, Msats amount, String reference, Instant now) {
        return tx.execute(status -> {
            if (keys.addToBalance(keyId.value(), amount.value()) == 0) {
                status.setRollbackOnly();
                return CreditResult.UNKNOWN_KEY;
            }
            if (book(LedgerEntry.of(LedgerEntryType.DEPOSIT, keyId, amount, now).withReference(reference)) == 0) {
                status.setRollbackOnly();
                return CreditResult.ALREADY_CREDITED;
            }
            return CreditResult.CREDITED;
        });
    }

    /**
     * One statement stores the key with its balance and books its DEPOSIT, then one commit: the ORM's way (look the hash
     * up, merge the row, credit it, book, read it back) took seven round trips on every {@code X-Cashu} request. A
     * concurrent opening of the same hash conflicts on its unique index and stores nothing; a reference booked before
     * stores nothing either (the transaction rolls back), as before.
     */
    @Override
    public OpenFundedResult openFunded(ApiKey key, Msats amount, String reference, Instant now) {
        return openFunded(OPEN_FUNDED, key, amount, reference, now, spec -> spec);
    }

    /** {@link #openFunded}, with the token's redemption completed and its payment started in the same statement. */
    @Override
    public OpenFundedResult openFundedByToken(
            ApiKey key, Msats amount, String reference, TokenFingerprint token, TokenUse use, Instant now) {
        return openFunded(
                OPEN_FUNDED_BY_TOKEN,
                key,
                amount,
                reference,
                now,
                spec -> spec.param("token", token.value()).param("paysOneRequest", use == TokenUse.PAYS_ONE_REQUEST));
    }

    private OpenFundedResult openFunded(
            String sql,
            ApiKey key,
            Msats amount,
            String reference,
            Instant now,
            UnaryOperator<JdbcClient.StatementSpec> more) {
        if (key.parentId().isPresent()) {
            throw new IllegalArgumentException("a funded key opens as a top-level key");
        }
        LedgerEntry deposit =
                LedgerEntry.of(LedgerEntryType.DEPOSIT, key.id(), amount, now).withReference(reference);
        ApiKeyEntity row = AccountMapper.newRow(key);
        Supplier<Optional<ApiKey>> statement = () -> more.apply(jdbc.sql(sql)
                        .param("id", row.id)
                        .param("hash", row.keyHash)
                        .param("amount", amount.value())
                        .param("limit", TypedParameters.bigint(row.balanceLimitMsats))
                        .param("period", TypedParameters.text(row.limitResetPeriod))
                        .param("resetAt", TypedParameters.timeText(row.limitResetAt))
                        .param("validUntil", TypedParameters.timeText(row.validUntil))
                        .param("mint", TypedParameters.text(row.refundMintUrl))
                        .param("unit", TypedParameters.text(row.refundUnit))
                        .param("address", TypedParameters.text(row.refundAddress))
                        .param("refundAfter", TypedParameters.timeText(row.refundAfter))
                        .param("createdAt", TypedParameters.at(row.createdAt))
                        .param("entryId", deposit.id())
                        .param("reference", reference)
                        .param("now", TypedParameters.at(deposit.createdAt())))
                .query((rs, n) -> {
                    requireOne(rs.getInt("booked"), "funded key deposit");
                    return ApiKeyRows.read(rs, "");
                })
                .optional();
        // Inside a caller's transaction (the wallet's commit after a swap) the statement is part of it. The JDBC
        // manager does not see the ORM manager's transaction as one to join: it would commit it here, the caller's
        // work so far with it, and a rollback afterwards would leave the key opened.
        Optional<ApiKey> opened = TransactionSynchronizationManager.isActualTransactionActive()
                ? statement.get()
                : jdbcTx.execute(status -> statement.get());
        if (opened != null && opened.isPresent()) {
            return new OpenFundedResult.Opened(opened.get());
        }
        // Another caller stored the same hash first: theirs is the key, to be credited the ordinary way.
        return new OpenFundedResult.Exists(findByHash(key.keyHash())
                .orElseThrow(() -> new IllegalStateException("a key hash conflicted but no key has it")));
    }

    private static final String OPEN_FUNDED_KEY_AND_DEPOSIT = """
            WITH k AS (
                INSERT INTO api_keys (id, key_hash, parent_id, balance_msats, reserved_msats, total_spent_msats,
                                      period_spent_msats, total_requests, balance_limit_msats, limit_reset_period,
                                      limit_reset_at, valid_until, refund_mint_url, refund_unit, refund_address,
                                      refund_after, created_at)
                VALUES (:id, :hash, NULL, :amount, 0, 0, 0, 0, :limit, :period, CAST(:resetAt AS timestamptz),
                        CAST(:validUntil AS timestamptz), :mint, :unit, :address, CAST(:refundAfter AS timestamptz),
                        :createdAt)
                ON CONFLICT (key_hash) DO NOTHING
                RETURNING *),
            d AS (
                INSERT INTO ledger_entries (id, entry_type, key_id, amount_msats, reservation_id, reference, created_at)
                SELECT :entryId, 'DEPOSIT', k.id, :amount, NULL, :reference, :now FROM k
                ON CONFLICT DO NOTHING
                RETURNING id)
            """;

    /** The key and its deposit in one statement; no row when the hash is taken ({@code booked} 0: a spent reference). */
    private static final String OPEN_FUNDED =
            OPEN_FUNDED_KEY_AND_DEPOSIT + "SELECT k.*, (SELECT count(*) FROM d) AS booked FROM k";

    /**
     * {@link #OPEN_FUNDED}, and the token's claim completed into the key and, for one request, its payment started;
     * then, for one request, the transaction (its own, or the wallet's it joined) commits without waiting for the
     * disk ({@link TokenUse#PAYS_ONE_REQUEST}), set in the same statement.
     */
    private static final String OPEN_FUNDED_BY_TOKEN = OPEN_FUNDED_KEY_AND_DEPOSIT.stripTrailing() + """
            ,
            r AS (
                UPDATE token_redemptions SET state = 'COMPLETED', key_id = k.id, finished_at = :now
                FROM k WHERE token_hash = :token AND state = 'CLAIMED'
                RETURNING token_hash),
            p AS (
                INSERT INTO ecash_payments (token_hash, key_id, started_at)
                SELECT :token, k.id, :now FROM k WHERE :paysOneRequest
                ON CONFLICT (token_hash) DO NOTHING
                RETURNING token_hash)
            SELECT k.*, (SELECT count(*) FROM d) AS booked,
                   CASE WHEN :paysOneRequest THEN set_config('synchronous_commit', 'off', true) END AS commit_flush
              FROM k
            """;

    /** The billing key's bucket rides in the id, so that the hold's settlement and release run on its writer. */
    @Override
    public ReservationId newReservationId(ApiKeyId billingKey) {
        return WriterBucket.of(billingKey).newReservationId();
    }

    @Override
    public ReserveResult reserve(Reservation reservation, Instant now) {
        return jdbcTx.execute(status -> {
            Optional<PaidPathStatements.Hold> hold = hold(reservation);
            if (hold.isPresent() && !hold.get().key().billingKeyId().equals(reservation.billingKeyId())) {
                status.setRollbackOnly();
                throw new IllegalArgumentException("reservation names a billing key that does not pay for its key");
            }
            return hold.map(h -> outcome(status, reservation, h)).orElseGet(ReserveResult.UnknownKey::new);
        });
    }

    /**
     * A key that pays for itself, without a limit (most keys), is held by one statement that commits on its own: the
     * key's row is locked only while PostgreSQL runs and commits it, never across a round trip to this node and back,
     * which under load (many requests on one key, the node's threads queued for a core) serialised every request on
     * the key behind the slowest of those trips. Any other key, which needs the domain's decisions before its hold may
     * stand, is held in a transaction that rolls back when they refuse, after the plain statement (which held nothing
     * for it) has committed with its batch.
     */
    @Override
    public KeyReserveResult reserveForKey(ApiKeyId keyId, Msats amount, InstanceId instance, Instant now, ZoneId zone) {
        // The plain statement locks only a key that pays for itself: this key's row, so this key's writer.
        WriterBucket bucket = WriterBucket.of(keyId);
        ReservationId id = bucket.newReservationId();
        Optional<PaidPathStatements.Hold> found = groupCommit.run(
                bucket, PaidPathStatements.plainHold(id.value(), keyId, amount, now, Optional.of(instance.value())));
        if (found.isEmpty()) {
            return new KeyReserveResult.UnknownKey();
        }
        ApiKey key = found.get().key();
        if (key.isChild() || key.balanceLimit().isPresent()) {
            return reserveForKeyInTransaction(keyId, key.billingKeyId(), amount, instance, now, zone);
        }
        if (key.isExpired(now)) {
            return new KeyReserveResult.Expired(key.validUntil().orElseThrow());
        }
        Reservation reservation = new Reservation(
                id, key.id(), key.billingKeyId(), amount, ReservationState.ACTIVE, now, Optional.of(instance));
        // Nothing to roll back: the statement held only what it stored.
        return new KeyReserveResult.Tried(key, outcome(new SimpleTransactionStatus(), reservation, found.get()));
    }

    /**
     * A write of the hold's row that waits for the disk, in its writer's batch (its billing key's, where concurrent
     * streams' flushes are shared): the plain hold's commit did not wait.
     */
    @Override
    public boolean makeDurable(ReservationId id) {
        return groupCommit.run(
                WriterBucket.of(id), () -> paid.makeDurable(id.value()), () -> paid.makeDurable(id.value()));
    }

    /** {@code billingKey}: the key's parent, or the key, as the plain statement read it (a key's parent never changes). */
    private KeyReserveResult reserveForKeyInTransaction(
            ApiKeyId keyId, ApiKeyId billingKey, Msats amount, InstanceId instance, Instant now, ZoneId zone) {
        return jdbcTx.execute(status -> {
            // The hold is tried in the same statement that reads the key: a key refused below is rolled back. Its id
            // names the billing key's writer, where the plain part of its settlement locks that key's row.
            ReservationId id = WriterBucket.of(billingKey).newReservationId();
            Optional<PaidPathStatements.Hold> found =
                    paid.reserve(id.value(), keyId, amount, now, Optional.of(instance.value()), false);
            if (found.isEmpty()) {
                return new KeyReserveResult.UnknownKey();
            }
            PaidPathStatements.Hold hold = found.get();
            ApiKey key = hold.key();
            List<ApiKey> chain = new ArrayList<>(List.of(key));
            hold.parent().ifPresent(chain::add);
            for (ApiKey checked : chain) {
                if (checked.isExpired(now)) {
                    status.setRollbackOnly();
                    return new KeyReserveResult.Expired(checked.validUntil().orElseThrow());
                }
            }
            if (chain.stream().anyMatch(checked -> checked.limitPeriodDue(now, zone))) {
                status.setRollbackOnly();
                return new KeyReserveResult.LimitPeriodDue(key);
            }
            Reservation reservation = new Reservation(
                    id, key.id(), key.billingKeyId(), amount, ReservationState.ACTIVE, now, Optional.of(instance));
            return new KeyReserveResult.Tried(key, outcome(status, reservation, hold));
        });
    }

    private Optional<PaidPathStatements.Hold> hold(Reservation reservation) {
        return paid.reserve(
                reservation.id().value(),
                reservation.keyId(),
                reservation.amount(),
                reservation.createdAt(),
                reservation.servedBy().map(InstanceId::value),
                false);
    }

    /** What a hold statement did, as the port says it; a hold taken only in part marks the transaction for rollback. */
    private static ReserveResult outcome(
            TransactionStatus status, Reservation reservation, PaidPathStatements.Hold hold) {
        if (hold.stored()) {
            return new ReserveResult.Reserved(reservation);
        }
        status.setRollbackOnly();
        ApiKey key = hold.key();
        ApiKey billing = hold.parent().orElse(key);
        // The child's own limit is judged first, as the hold itself would be, from the rows the statement read.
        if (key.isChild() && (hold.billingHeld() || !key.limitAllows(reservation.amount()))) {
            return new ReserveResult.LimitExceeded(key.id());
        }
        if (hold.parent().isEmpty() && key.isChild()) {
            return new ReserveResult.UnknownKey();
        }
        return billing.spendable().isLessThan(reservation.amount())
                ? new ReserveResult.InsufficientBalance(billing.spendable())
                : new ReserveResult.LimitExceeded(billing.id());
    }

    /**
     * A reservation of a key that pays for itself is settled by one statement that commits on its own (see {@link
     * #reserveForKey}); its checks below can only fail where the statement changed nothing. A child key's, whose two
     * key updates must both take effect or neither, is settled in a transaction.
     */
    @Override
    public SettleResult settle(ReservationId id, Msats cost, ChargeDetails details, Instant now) {
        return charging(() -> {
            Optional<PaidPathStatements.Settled> alone = groupCommit.run(
                    WriterBucket.of(id), PaidPathStatements.plainSettlement(id.value(), cost, details, now));
            if (alone.isEmpty() || !alone.get().forChild()) {
                return settled(alone, cost);
            }
            return jdbcTx.execute(status -> settled(paid.settle(id.value(), cost, details, now, false), cost));
        });
    }

    /**
     * The settlement and the next hold go to the writer together, settlement first, so that a lone request's pair is
     * one compound: one round trip and one commit, which waits for the disk for both (the settlement's does). The hold
     * is the plain statement of {@link #reserveForKey}: it holds only a key that pays for itself without a limit and
     * has not expired, so nothing the caller decides could refuse it afterwards. A hold whose settlement failed is
     * released (the caller, told the settlement failed, never learns of it); the hold itself failing leaves no next
     * hold and the settlement as it went.
     */
    @Override
    public SettledAndHeld settleAndHoldNext(
            ReservationId id,
            Msats cost,
            ChargeDetails details,
            ApiKeyId keyId,
            Msats nextAmount,
            InstanceId instance,
            Instant now) {
        WriterBucket bucket = WriterBucket.of(id);
        if (!bucket.equals(WriterBucket.of(keyId))) {
            // Not the key's own bucket: a child's (its parent pays) or an id drawn elsewhere. No pair on one writer.
            return new SettledAndHeld(settle(id, cost, details, now), Optional.empty());
        }
        return charging(() -> {
            ReservationId nextId = bucket.newReservationId();
            GroupCommit.Pair<Optional<PaidPathStatements.Settled>, Optional<PaidPathStatements.Hold>> pair =
                    groupCommit.runPair(
                            bucket,
                            PaidPathStatements.plainSettlement(id.value(), cost, details, now),
                            PaidPathStatements.standingHold(nextId.value(), keyId, nextAmount, now, instance.value()));
            SettleResult settled;
            try {
                Optional<PaidPathStatements.Settled> row = pair.first();
                settled = row.isPresent() && row.get().forChild()
                        ? jdbcTx.execute(status -> settled(paid.settle(id.value(), cost, details, now, false), cost))
                        : settled(row, cost);
            } catch (RuntimeException failed) {
                if (pair.secondIfCommitted()
                        .flatMap(hold -> hold)
                        .filter(PaidPathStatements.Hold::stored)
                        .isPresent()) {
                    release(nextId, now);
                }
                throw failed;
            }
            Optional<PaidPathStatements.Hold> hold;
            try {
                hold = pair.second();
            } catch (RuntimeException holdFailed) {
                // Rolled back alone, or in doubt after a failed commit: then it is an ordinary hold of a live instance,
                // freed by the sweep of holds over the maximum request age.
                return new SettledAndHeld(settled, Optional.empty());
            }
            return new SettledAndHeld(
                    settled,
                    hold.filter(PaidPathStatements.Hold::stored)
                            .map(taken -> new NextHold(
                                    new Reservation(
                                            nextId,
                                            keyId,
                                            keyId,
                                            nextAmount,
                                            ReservationState.ACTIVE,
                                            now,
                                            Optional.of(instance)),
                                    taken.key().validUntil())));
        });
    }

    /**
     * One statement on the key's writer, combined with the batch's other kept charges ({@link
     * PaidPathStatements#KEPT_CHARGE}); its commit waits for the disk, as a settlement's does. A hold whose id names
     * another writer than its key's is not kept (its key's other statements run elsewhere).
     */
    @Override
    public Optional<SettleResult> chargeKeepingHold(
            ReservationId hold, ReservationId charge, ApiKeyId keyId, Msats cost, ChargeDetails details, Instant now) {
        WriterBucket bucket = WriterBucket.of(hold);
        if (!bucket.equals(WriterBucket.of(keyId))) {
            return Optional.empty();
        }
        return charging(() -> {
            PaidPathStatements.KeptCharge row = groupCommit.run(
                    bucket, PaidPathStatements.keptCharge(hold.value(), charge.value(), keyId, cost, details, now));
            if (row.chargedBefore().isPresent()) {
                return Optional.of(new SettleResult.AlreadySettled(
                        Msats.of(row.chargedBefore().get())));
            }
            if (row.charged().isEmpty()) {
                return Optional.empty();
            }
            requireOne((int) row.booked(), "kept charge's entry");
            return Optional.of(
                    new SettleResult.Charged(Msats.of(row.charged().get()), Msats.ZERO, Msats.of(row.remaining())));
        });
    }

    /**
     * Runs a step that charges a held request (its settlement), asking the pool again while its wait for a connection
     * runs out, up to {@link #FINISHING_CONNECTION_ATTEMPTS} waits: the step never ran then, and giving up would leave
     * the hold on the key until the stale-reservation sweep, which releases it, and the answer already given unpaid.
     * So a charge waits out a busy pool and a database's short restart alike. Newcomers, which hold nothing yet, are
     * the ones to shed.
     */
    private static <T> T charging(Supplier<T> step) {
        return PoolWaits.throughABusyPoolOrARestart(step, FINISHING_CONNECTION_ATTEMPTS);
    }

    /**
     * Runs a step that releases a held request, asking the pool again while it is busy, as {@link #charging} does;
     * but a database that refuses connections fails the release at once: no money waits on it (the sweep frees the
     * hold once the database is back), and a release usually follows a charge that has waited out the same outage.
     * Both waiting made requests in flight when PostgreSQL went down answer 20-44 s later.
     */
    private static <T> T releasing(Supplier<T> step) {
        return PoolWaits.throughABusyPool(step, FINISHING_CONNECTION_ATTEMPTS);
    }

    private static SettleResult settled(Optional<PaidPathStatements.Settled> found, Msats cost) {
        if (found.isEmpty()) {
            return new SettleResult.NotFound();
        }
        PaidPathStatements.Settled settled = found.get();
        if (settled.chargedBefore().isPresent()) {
            return new SettleResult.AlreadySettled(
                    Msats.of(settled.chargedBefore().get()));
        }
        if (!ReservationState.ACTIVE.name().equals(settled.state()) && !settled.releasedAsStale()) {
            return new SettleResult.AlreadySettled(Msats.ZERO);
        }
        // Due for settling: every part of the statement must have taken effect, or none may.
        Msats charged = Msats.of(
                settled.charged().orElseThrow(() -> new IllegalStateException("billing key settle updated 0 rows")));
        Msats shortfall = cost.minus(charged);
        requireOne((int) settled.finished(), "reservation charge");
        if (settled.forChild()) {
            requireOne((int) settled.childSettled(), "child key settle");
        }
        int entries = (charged.isPositive() ? 1 : 0) + (shortfall.isPositive() ? 1 : 0);
        if (settled.booked() != entries) {
            throw new IllegalStateException("settle booked " + settled.booked() + " of " + entries + " entries");
        }
        return new SettleResult.Charged(charged, shortfall, Msats.of(settled.remaining()));
    }

    /**
     * One statement for any key; its checks throw where a part of it did not take effect, which rolls back its
     * transaction alone or its whole batch (whose statements then run again alone).
     */
    @Override
    public ReleaseResult release(ReservationId id, Instant now) {
        return released(id, now, PaidPathStatements.Counted.AS_IT_WAS);
    }

    @Override
    public ReleaseResult releaseRequest(ReservationId id, Instant now) {
        return released(id, now, PaidPathStatements.Counted.AS_A_REQUEST);
    }

    @Override
    public ReleaseResult releaseSuperseded(ReservationId id, Instant now) {
        return released(id, now, PaidPathStatements.Counted.AS_NO_REQUEST);
    }

    private ReleaseResult released(ReservationId id, Instant now, PaidPathStatements.Counted counted) {
        Supplier<ReleaseResult> checked = () -> {
            PaidPathStatements.Released released = paid.release(id.value(), now, counted);
            if (!released.finished()) {
                return released.found() ? ReleaseResult.ALREADY_FINAL : ReleaseResult.NOT_FOUND;
            }
            requireOne((int) released.billingFreed(), "billing release");
            if (released.forChild()) {
                requireOne((int) released.childFreed(), "child release");
            }
            return ReleaseResult.RELEASED;
        };
        return releasing(
                () -> groupCommit.run(WriterBucket.of(id), checked, () -> jdbcTx.execute(status -> checked.get())));
    }

    @Override
    public int releaseStale(Instant silentSince, Optional<ApiKeyId> billingKey, int limit, Instant now) {
        UUID onlyKey = billingKey.map(ApiKeyId::value).orElse(null);
        return releaseClaimed(
                () -> onlyKey == null
                        ? reservations.claimOldestSilent(silentSince, now)
                        : reservations.claimOldestSilentOf(silentSince, now, onlyKey),
                limit,
                now);
    }

    @Override
    public int releaseOverAge(Instant startedBefore, int limit, Instant now) {
        return releaseClaimed(() -> reservations.claimOldestStartedBefore(startedBefore), limit, now);
    }

    private int releaseClaimed(Supplier<Optional<ReservationEntity>> claim, int limit, Instant now) {
        int released = 0;
        // One reservation per transaction: a batch would lock keys in arbitrary order and could deadlock.
        while (released < limit) {
            Boolean claimed = tx.execute(status -> claim.get()
                    .map(reservation -> releaseLocked(reservation, true, now) == ReleaseResult.RELEASED)
                    .orElse(false));
            if (!Boolean.TRUE.equals(claimed)) {
                break;
            }
            released++;
        }
        return released;
    }

    private ReleaseResult releaseLocked(ReservationEntity reservation, boolean stale, Instant now) {
        requireOne(keys.settleOnBillingKey(reservation.billingKeyId, reservation.amountMsats, 0, 0), "billing release");
        if (!reservation.keyId.equals(reservation.billingKeyId)) {
            requireOne(keys.settleOnChildKey(reservation.keyId, reservation.amountMsats, 0, 0), "child release");
        }
        requireOne(
                reservations.finishActive(reservation.id, ReservationState.RELEASED.name(), stale, null, now),
                "reservation release");
        return ReleaseResult.RELEASED;
    }

    @Override
    public DebitResult debitForPayout(
            ApiKeyId keyId, Msats expectedBalance, Msats amount, LedgerEntryType type, String reference, Instant now) {
        return tx.execute(status -> {
            if (keys.debitIfUnchanged(keyId.value(), expectedBalance.value(), amount.value()) == 0) {
                return DebitResult.BALANCE_CHANGED;
            }
            requireOne(book(LedgerEntry.of(type, keyId, amount, now).withReference(reference)), "payout booking");
            return DebitResult.DEBITED;
        });
    }

    @Override
    public void reverseDebit(ApiKeyId keyId, Msats amount, String reference, Instant now) {
        tx.executeWithoutResult(status -> {
            if (book(LedgerEntry.of(LedgerEntryType.REVERSAL, keyId, amount, now)
                            .withReference(reference))
                    == 1) {
                requireOne(keys.addToBalance(keyId.value(), amount.value()), "reversal");
            }
        });
    }

    @Override
    public void bookMintFee(Msats fee, String reference, Instant now) {
        tx.executeWithoutResult(status -> book(LedgerEntry.ownerSide(LedgerEntryType.MINT_FEE, fee, reference, now)));
    }

    @Override
    public ChildKeysResult createChildKeys(ApiKeyId parentId, Msats totalFee, List<ApiKey> children, Instant now) {
        return tx.execute(status -> {
            Optional<ApiKeyEntity> parent = keys.lockById(parentId.value());
            if (parent.isEmpty() || parent.get().parentId != null) {
                return ChildKeysResult.UNKNOWN_PARENT;
            }
            if (totalFee.isPositive()) {
                if (keys.chargeFee(parentId.value(), totalFee.value()) == 0) {
                    return ChildKeysResult.INSUFFICIENT_BALANCE;
                }
                book(LedgerEntry.of(LedgerEntryType.FEE, parentId, totalFee, now));
            }
            keys.saveAllAndFlush(children.stream().map(AccountMapper::newRow).toList());
            return ChildKeysResult.CREATED;
        });
    }

    @Override
    public boolean resetLimitPeriod(ApiKeyId keyId, Instant periodStart, Instant now) {
        return Integer.valueOf(1).equals(tx.execute(status -> keys.resetLimitPeriod(keyId.value(), periodStart, now)));
    }

    @Override
    public int resetLimitPeriods(LimitResetPeriod period, Instant periodStart, Instant now) {
        Integer reset = tx.execute(status -> keys.resetLimitPeriods(period.name(), periodStart, now));
        return reset == null ? 0 : reset;
    }

    // --- InstanceHeartbeatPort

    @Override
    public void beat(InstanceId instance, Instant now, Instant aliveUntil) {
        tx.executeWithoutResult(status -> instances.beat(instance.value(), now, aliveUntil));
    }

    @Override
    public int forgetSilent(Instant now) {
        Integer forgotten = tx.execute(status -> instances.deleteSilent(now));
        return forgotten == null ? 0 : forgotten;
    }

    // --- LedgerPort

    @Override
    public LedgerBalanceReport balanceReport() {
        // The ledger's totals up to the last ended transaction first, so that the report reads only what came since.
        ledgerTotals.checkpoint();
        return readSnapshot.execute(status -> {
            Map<LedgerEntryType, Long> totals = ledgerTotals.totals();
            Object[] sums = keys.sumBalancesAndReserved().getFirst();
            return new LedgerBalanceReport(totals, ((Number) sums[0]).longValue(), ((Number) sums[1]).longValue());
        });
    }

    @Override
    public List<LedgerEntry> entriesFor(ApiKeyId keyId, int limit) {
        return ledger.findByKeyIdOrderByCreatedAtDesc(keyId.value(), PageRequest.of(0, limit)).stream()
                .map(AccountMapper::toDomain)
                .toList();
    }

    @Override
    public List<Liability> liabilities() {
        return keys.liabilitiesByMint().stream()
                .map(row -> new Liability(
                        MintUrl.of((String) row[0]),
                        CurrencyUnit.of((String) row[1]),
                        Msats.of(((Number) row[2]).longValue())))
                .toList();
    }

    /**
     * One mint's sum in plain SQL: every change and refund payout asks it (the liability guard), and the ORM's native
     * query over every mint cost it more CPU than the sum itself.
     */
    @Override
    public Msats owedAt(MintUrl mint, CurrencyUnit unit) {
        return Msats.of(jdbc.sql("""
                        SELECT COALESCE(SUM(balance_msats), 0) FROM api_keys
                        WHERE has_balance AND refund_mint_url = :mint AND refund_unit = :unit
                        """)
                .param("mint", mint.value())
                .param("unit", unit.code())
                .query(Long.class)
                .single());
    }

    private int book(LedgerEntry entry) {
        return ledger.book(
                entry.id(),
                entry.type().name(),
                entry.keyId().map(ApiKeyId::value).orElse(null),
                entry.amount().value(),
                entry.reservationId().map(ReservationId::value).orElse(null),
                entry.reference().orElse(null),
                entry.createdAt());
    }

    private static void requireOne(int updated, String what) {
        if (updated != 1) {
            // A guarded update that must match: anything else is a bug, and the transaction rolls back.
            throw new IllegalStateException(what + " updated " + updated + " rows");
        }
    }
}
