package io.routstr.gateway.persistence.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Keys, and every change to their money as one conditional {@code UPDATE}: the condition and the change are one
 * statement, so no read-modify-write race exists between instances.
 */
interface ApiKeyRepository extends JpaRepository<ApiKeyEntity, UUID> {

    /** Creating a key looks here first; a paid request's lookup by hash is {@link PaidPathStatements}' plain SQL. */
    @Query(value = "SELECT * FROM api_keys WHERE key_hash = :keyHash", nativeQuery = true)
    Optional<ApiKeyEntity> findByKeyHash(@Param("keyHash") String keyHash);

    List<ApiKeyEntity> findByParentIdOrderByCreatedAt(UUID parentId);

    @Query(value = """
            SELECT * FROM api_keys
            WHERE parent_id IS NULL AND balance_msats > 0 AND refund_after IS NOT NULL AND refund_after <= :now
              AND (refund_retry_at IS NULL OR refund_retry_at <= :now)
            ORDER BY refund_after
            LIMIT :limit
            """, nativeQuery = true)
    List<ApiKeyEntity> findDueForRefund(@Param("now") Instant now, @Param("limit") int limit);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = "UPDATE api_keys SET refund_retry_at = :at WHERE id = :id", nativeQuery = true)
    int deferRefund(@Param("id") UUID id, @Param("at") Instant at);

    @Query(value = "SELECT * FROM api_keys WHERE id = :id FOR UPDATE", nativeQuery = true)
    Optional<ApiKeyEntity> lockById(@Param("id") UUID id);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(
            value = "UPDATE api_keys SET balance_msats = balance_msats + :amount WHERE id = :id AND parent_id IS NULL",
            nativeQuery = true)
    int addToBalance(@Param("id") UUID id, @Param("amount") long amount);

    /** Frees {@code held} and charges {@code charged} (already bounded by the caller under the row lock). */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            UPDATE api_keys SET balance_msats = balance_msats - :charged,
                                reserved_msats = reserved_msats - :held,
                                total_spent_msats = total_spent_msats + :charged,
                                period_spent_msats = period_spent_msats + :charged,
                                total_requests = total_requests + :requests
            WHERE id = :id AND reserved_msats >= :held AND balance_msats >= :charged
            """, nativeQuery = true)
    int settleOnBillingKey(
            @Param("id") UUID id,
            @Param("held") long held,
            @Param("charged") long charged,
            @Param("requests") int requests);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            UPDATE api_keys SET reserved_msats = reserved_msats - :held,
                                total_spent_msats = total_spent_msats + :charged,
                                period_spent_msats = period_spent_msats + :charged,
                                total_requests = total_requests + :requests
            WHERE id = :id AND reserved_msats >= :held
            """, nativeQuery = true)
    int settleOnChildKey(
            @Param("id") UUID id,
            @Param("held") long held,
            @Param("charged") long charged,
            @Param("requests") int requests);

    /** Payout debit: a compare-and-set on the observed balance, refused while anything is reserved. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            UPDATE api_keys SET balance_msats = balance_msats - :amount
            WHERE id = :id AND parent_id IS NULL AND balance_msats = :expected AND reserved_msats = 0
              AND balance_msats >= :amount
            """, nativeQuery = true)
    int debitIfUnchanged(@Param("id") UUID id, @Param("expected") long expected, @Param("amount") long amount);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            UPDATE api_keys SET balance_msats = balance_msats - :fee, total_spent_msats = total_spent_msats + :fee
            WHERE id = :id AND parent_id IS NULL AND balance_msats - reserved_msats >= :fee
            """, nativeQuery = true)
    int chargeFee(@Param("id") UUID id, @Param("fee") long fee);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            UPDATE api_keys SET period_spent_msats = 0, limit_reset_at = :now
            WHERE id = :id AND balance_limit_msats IS NOT NULL
              AND (limit_reset_at IS NULL OR limit_reset_at < :periodStart)
            """, nativeQuery = true)
    int resetLimitPeriod(@Param("id") UUID id, @Param("periodStart") Instant periodStart, @Param("now") Instant now);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            UPDATE api_keys SET period_spent_msats = 0, limit_reset_at = :now
            WHERE limit_reset_period = :period AND balance_limit_msats IS NOT NULL
              AND (limit_reset_at IS NULL OR limit_reset_at < :periodStart)
            """, nativeQuery = true)
    int resetLimitPeriods(
            @Param("period") String period, @Param("periodStart") Instant periodStart, @Param("now") Instant now);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            UPDATE api_keys SET refund_mint_url = :mint, refund_unit = :unit, refund_address = :address,
                                refund_after = :after
            WHERE id = :id
            """, nativeQuery = true)
    int updateRefundTarget(
            @Param("id") UUID id,
            @Param("mint") String mint,
            @Param("unit") String unit,
            @Param("address") String address,
            @Param("after") Instant after);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            UPDATE api_keys SET balance_limit_msats = :limit, limit_reset_period = :period, valid_until = :until
            WHERE id = :id
            """, nativeQuery = true)
    int updateLimits(
            @Param("id") UUID id,
            @Param("limit") Long limit,
            @Param("period") String period,
            @Param("until") Instant until);

    // Keys without a balance add nothing: a child key holds none, and a key that pays for itself reserves at most its
    // balance. So only the keys the index of keys with a balance names are read, not every key ever opened.
    @Query(value = """
            SELECT COALESCE(SUM(balance_msats), 0) AS balances,
                   COALESCE(SUM(reserved_msats) FILTER (WHERE parent_id IS NULL), 0) AS reserved
            FROM api_keys
            WHERE has_balance
            """, nativeQuery = true)
    List<Object[]> sumBalancesAndReserved();

    @Query(value = """
            SELECT refund_mint_url, refund_unit, SUM(balance_msats) FROM api_keys
            WHERE has_balance
            GROUP BY refund_mint_url, refund_unit
            """, nativeQuery = true)
    List<Object[]> liabilitiesByMint();
}
