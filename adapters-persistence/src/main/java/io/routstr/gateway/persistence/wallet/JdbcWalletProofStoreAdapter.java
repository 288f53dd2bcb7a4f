package io.routstr.gateway.persistence.wallet;

import static io.routstr.gateway.persistence.TypedParameters.at;

import io.routstr.gateway.application.port.out.WalletProofStorePort;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.ProofDleq;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.persistence.secret.AtRestCipher;
import io.routstr.gateway.persistence.secret.AtRestCipher.Purpose;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The wallet's proofs and outgoing tokens on PostgreSQL, in plain SQL, their bearer parts (a proof's secret, a whole
 * token) sealed by the node's {@link AtRestCipher} under the ecash key: every state change is a conditional {@code UPDATE} whose
 * {@code WHERE} holds the expected state (compare-and-set), proof claims skip rows other transactions hold ({@code FOR
 * UPDATE SKIP LOCKED}), and every public method is one short transaction with no network I/O inside.
 */
@Component
record JdbcWalletProofStoreAdapter(JdbcClient jdbc, TransactionTemplate tx, AtRestCipher cipher)
        implements WalletProofStorePort {

    /** Enough candidates to pay anything a node sends at once, without reading a whole wallet. */
    private static final int MAX_CANDIDATES = 2_000;

    /** Selections a claim makes before it gives up on proofs other claims keep taking (it then claims nothing). */
    private static final int CLAIM_ATTEMPTS = 8;

    private static final String PROOF_COLUMNS =
            "y, mint_url, unit, keyset_id, amount, secret, c, witness, dleq_e, dleq_s, dleq_r, state, operation_id,"
                    + " incoming, secret_sealed";

    // --- WalletProofStorePort

    @Override
    public int addUnspent(MintUrl mint, CurrencyUnit unit, List<NewProof> proofs, Instant now) {
        Integer stored = tx.execute(status -> insertProofs(proofs, mint, unit, ProofState.UNSPENT, null, false, now)
                .size());
        return stored == null ? 0 : stored;
    }

    @Override
    public IncomingClaim claimIncoming(
            UUID operationId, MintUrl mint, CurrencyUnit unit, List<NewProof> proofs, Instant now) {
        Set<String> distinct = new HashSet<>();
        proofs.forEach(p -> {
            if (!distinct.add(p.y())) {
                throw new IllegalArgumentException("the same proof twice in one claim");
            }
        });
        IncomingClaim claim = tx.execute(status -> {
            if (claimedIncoming(proofs, mint, unit, operationId, now) != proofs.size()) {
                // A concurrent insert of the same y waits for the first transaction, then conflicts here.
                status.setRollbackOnly();
                return null;
            }
            return new IncomingClaim.Claimed();
        });
        if (claim != null) {
            return claim;
        }
        Optional<UUID> holder = jdbc.sql("SELECT operation_id FROM wallet_proofs WHERE y IN (:ys) LIMIT 1")
                .param("ys", List.copyOf(distinct))
                .query((rs, row) -> Optional.ofNullable(rs.getObject("operation_id", UUID.class)))
                .optional()
                .flatMap(found -> found);
        return new IncomingClaim.Conflict(holder);
    }

    @Override
    public List<StoredProof> claim(
            UUID operationId, MintUrl mint, CurrencyUnit unit, ProofSelector selector, Instant now) {
        return tx.execute(status -> {
            // Candidates are read without locks and with their secrets still sealed; only the proofs the selector
            // picks are locked (skipping any another claim holds) and opened, so concurrent claims take disjoint
            // proofs instead of the first one locking every candidate. A selection that pays an amount is offered
            // the few candidates that can pay it first (a wallet of a busy node holds thousands of small proofs, and
            // reading and checking all of them was a tenth of an X-Cashu request's CPU), all of them if that fails.
            OptionalLong paid = selector.amount();
            List<StoredProof> candidates = new ArrayList<>(candidates(mint, unit, paid));
            boolean offeredAll = paid.isEmpty();
            for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
                List<StoredProof> chosen = selector.select(List.copyOf(candidates));
                if (chosen.isEmpty() && !offeredAll) {
                    candidates = new ArrayList<>(candidates(mint, unit, OptionalLong.empty()));
                    offeredAll = true;
                    chosen = selector.select(List.copyOf(candidates));
                }
                if (chosen.isEmpty()) {
                    return List.<StoredProof>of();
                }
                Set<String> picked = new HashSet<>();
                Set<String> offered = new HashSet<>();
                candidates.forEach(c -> offered.add(c.y()));
                for (StoredProof proof : chosen) {
                    if (!offered.contains(proof.y()) || !picked.add(proof.y())) {
                        throw new IllegalArgumentException("the selector picked a proof that is not a candidate");
                    }
                }
                List<String> taken = jdbc.sql("""
                                UPDATE wallet_proofs SET state = 'PENDING', operation_id = :op, updated_at = :now
                                 WHERE y IN (SELECT y FROM wallet_proofs
                                              WHERE y IN (:ys) AND state = 'UNSPENT' AND NOT incoming
                                                FOR UPDATE SKIP LOCKED)
                                RETURNING y
                                """)
                        .param("op", operationId)
                        .param("now", at(now))
                        .param("ys", List.copyOf(picked))
                        .query(String.class)
                        .list();
                if (taken.size() == picked.size()) {
                    return chosen.stream()
                            .map(c -> new StoredProof(
                                    opened(c.proof()),
                                    c.y(),
                                    mint,
                                    unit,
                                    ProofState.PENDING,
                                    Optional.of(operationId),
                                    false))
                            .toList();
                }
                // Another claim holds (or just took) some of them: put back what this one took and choose again
                // without those.
                if (!taken.isEmpty()) {
                    jdbc.sql("""
                                    UPDATE wallet_proofs SET state = 'UNSPENT', operation_id = NULL, updated_at = :now
                                     WHERE y IN (:ys) AND state = 'PENDING' AND operation_id = :op
                                    """)
                            .param("now", at(now))
                            .param("ys", taken)
                            .param("op", operationId)
                            .update();
                }
                Set<String> held = new HashSet<>(picked);
                taken.forEach(held::remove);
                candidates.removeIf(c -> held.contains(c.y()));
            }
            return List.<StoredProof>of();
        });
    }

    /**
     * Unclaimed proofs of the mint and unit, largest first: all of them (at most {@link #MAX_CANDIDATES}), or, for a
     * selection that pays {@code paid}, the first {@code paid / a + 2} of each amount {@code a} up to it and 2 of each
     * larger one ({@link ProofSelector#amount()}).
     */
    private List<StoredProof> candidates(MintUrl mint, CurrencyUnit unit, OptionalLong paid) {
        String sql = paid.isEmpty()
                ? "SELECT " + PROOF_COLUMNS + """
                         FROM wallet_proofs
                        WHERE mint_url = :mint AND unit = :unit AND state = 'UNSPENT' AND NOT incoming
                        ORDER BY amount DESC, y LIMIT %d
                        """.formatted(MAX_CANDIDATES)
                // The amounts the wallet holds, largest first, each found by one step down the unspent index (a loose
                // index scan: a wallet holds thousands of proofs of a few dozen amounts), then the first few proofs of
                // each in y order from the same index: only the rows offered are read, not every unspent proof.
                : """
                        WITH RECURSIVE amounts(amount) AS (
                            (SELECT amount FROM wallet_proofs
                              WHERE mint_url = :mint AND unit = :unit AND state = 'UNSPENT' AND NOT incoming
                              ORDER BY amount DESC LIMIT 1)
                            UNION ALL
                            SELECT (SELECT w.amount FROM wallet_proofs w
                                     WHERE w.mint_url = :mint AND w.unit = :unit AND w.state = 'UNSPENT'
                                       AND NOT w.incoming AND w.amount < a.amount
                                     ORDER BY w.amount DESC LIMIT 1)
                              FROM amounts a WHERE a.amount IS NOT NULL)
                        SELECT p.* FROM amounts a CROSS JOIN LATERAL (
                            SELECT %s
                                   FROM wallet_proofs
                                  WHERE mint_url = :mint AND unit = :unit AND state = 'UNSPENT' AND NOT incoming
                                    AND amount = a.amount
                                  ORDER BY y
                                  LIMIT CASE WHEN a.amount <= :paid THEN :paid / a.amount + 2 ELSE 2 END) p
                         ORDER BY p.amount DESC, p.y LIMIT %d
                        """.formatted(PROOF_COLUMNS, MAX_CANDIDATES);
        // The cap is written into the text, not bound: a generic plan must guess a bound limit, and PostgreSQL then
        // chose a plan made for the call each time, 0.3 ms of planning per X-Cashu request (120 plans for 119 calls);
        // with the cap written, 82 for 119 in one run (docs/benchmarks.md, "X-Cashu, measured again").
        var query = jdbc.sql(sql).param("mint", mint.value()).param("unit", unit.code());
        if (paid.isPresent()) {
            query = query.param("paid", paid.getAsLong());
        }
        return query.query(this::sealedProofRow).list();
    }

    @Override
    public int markSpent(UUID operationId, List<String> ys, Instant now) {
        return movePending(operationId, ys, "state = 'SPENT'", "", now);
    }

    @Override
    public int settleSwap(
            UUID operationId, MintUrl mint, CurrencyUnit unit, List<NewProof> fresh, List<String> spent, Instant now) {
        if (fresh.isEmpty() || spent.isEmpty()) {
            // The inner calls join this transaction: one commit for what a signed swap leaves behind.
            Integer moved = tx.execute(status -> {
                addUnspent(mint, unit, fresh, now);
                return markSpent(operationId, spent, now);
            });
            return moved == null ? 0 : moved;
        }
        // One statement (one round trip) stores the fresh proofs and spends the inputs; it commits on its own.
        ProofRows rows = new ProofRows("f", fresh, mint, unit, ProofState.UNSPENT, null, false, now);
        Integer moved = tx.execute(status -> rows.bind(jdbc.sql("WITH fresh AS (" + rows.insert() + """
                        ), spent AS (
                            UPDATE wallet_proofs SET state = 'SPENT', updated_at = :now
                             WHERE y IN (:spent) AND state = 'PENDING' AND operation_id = :op
                            RETURNING y)
                        SELECT count(*) FROM spent
                        """))
                .param("spent", spent)
                .param("now", at(now))
                .param("op", operationId)
                .query(Integer.class)
                .single());
        return moved == null ? 0 : moved;
    }

    @Override
    public void recordOutgoingAfterSwap(
            OutgoingToken token, List<NewProof> carried, List<NewProof> kept, List<String> spent, Instant now) {
        Set<String> carriedYs = new HashSet<>();
        carried.forEach(p -> carriedYs.add(p.y()));
        if (carried.isEmpty() || spent.stream().anyMatch(carriedYs::contains)) {
            // The inner calls join this transaction: one commit for the change kept, the token and its spent inputs.
            tx.executeWithoutResult(status -> {
                addUnspent(token.mint(), token.unit(), kept, now);
                recordOutgoing(token, carried, now);
                markSpent(token.operationId(), spent, now);
            });
            return;
        }
        // One statement (one round trip, committing on its own): the change kept, the token, its proofs spent (those
        // its operation claimed) or stored spent (new ones from the swap), and the swap's inputs spent.
        ProofRows keptRows = new ProofRows("k", kept, token.mint(), token.unit(), ProofState.UNSPENT, null, false, now);
        ProofRows carriedRows = new ProofRows(
                "c", carried, token.mint(), token.unit(), ProofState.SPENT, token.operationId(), false, now);
        StringBuilder sql = new StringBuilder("WITH ");
        if (!kept.isEmpty()) {
            sql.append("kept AS (").append(keptRows.insert()).append("), ");
        }
        sql.append("""
                token AS (
                    INSERT INTO wallet_outgoing_tokens
                           (id, operation_id, mint_url, unit, amount, token, reference, created_at)
                    VALUES (:id, :op, :mint, :unit, :amount, :token, :reference, :created)
                    RETURNING id),
                claimed AS (
                    UPDATE wallet_proofs SET state = 'SPENT', updated_at = :now
                     WHERE y IN (:carried) AND state = 'PENDING' AND operation_id = :op
                    RETURNING y),
                carried AS (""").append(carriedRows.insert()).append(")");
        if (!spent.isEmpty()) {
            sql.append("""
                    , inputs AS (
                        UPDATE wallet_proofs SET state = 'SPENT', updated_at = :now
                         WHERE y IN (:spent) AND state = 'PENDING' AND operation_id = :op
                        RETURNING y)""");
        }
        // A carried proof the operation claimed is spent by "claimed"; its insert in "carried" conflicts and does
        // nothing. Every carried proof must be one or the other.
        sql.append(" SELECT (SELECT count(*) FROM claimed) + (SELECT count(*) FROM carried) AS carried_rows"
                + " FROM token");
        tx.executeWithoutResult(status -> {
            var spec = carriedRows
                    .bind(keptRows.bind(jdbc.sql(sql.toString())))
                    .param("id", token.id())
                    .param("op", token.operationId())
                    .param("mint", token.mint().value())
                    .param("unit", token.unit().code())
                    .param("amount", token.amount())
                    .param("token", seal(token.token()))
                    .param("reference", token.reference())
                    .param("created", at(token.createdAt()))
                    .param("now", at(now))
                    .param("carried", List.copyOf(carriedYs));
            if (!spent.isEmpty()) {
                spec = spec.param("spent", spent);
            }
            if (spec.query(Long.class).single() != carried.size()) {
                throw new IllegalStateException("a token carries only new proofs or proofs its operation claimed");
            }
        });
    }

    @Override
    public int release(UUID operationId, List<String> ys, Instant now) {
        return movePending(operationId, ys, "state = 'UNSPENT', operation_id = NULL", " AND NOT incoming", now);
    }

    @Override
    public int forgetIncoming(UUID operationId) {
        Integer dropped = tx.execute(status -> jdbc.sql(
                        "DELETE FROM wallet_proofs WHERE operation_id = :op AND state = 'PENDING' AND incoming")
                .param("op", operationId)
                .update());
        return dropped == null ? 0 : dropped;
    }

    @Override
    public void recordOutgoing(OutgoingToken token, List<NewProof> proofs, Instant now) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("""
                            INSERT INTO wallet_outgoing_tokens
                                   (id, operation_id, mint_url, unit, amount, token, reference, created_at)
                            VALUES (:id, :op, :mint, :unit, :amount, :token, :reference, :created)
                            """)
                    .param("id", token.id())
                    .param("op", token.operationId())
                    .param("mint", token.mint().value())
                    .param("unit", token.unit().code())
                    .param("amount", token.amount())
                    .param("token", seal(token.token()))
                    .param("reference", token.reference())
                    .param("created", at(token.createdAt()))
                    .update();
            Set<String> spent = proofs.isEmpty()
                    ? Set.of()
                    : new HashSet<>(jdbc.sql("""
                                    UPDATE wallet_proofs SET state = 'SPENT', updated_at = :now
                                     WHERE y IN (:ys) AND state = 'PENDING' AND operation_id = :op
                                    RETURNING y
                                    """)
                            .param("now", at(now))
                            .param("ys", proofs.stream().map(NewProof::y).toList())
                            .param("op", token.operationId())
                            .query(String.class)
                            .list());
            List<NewProof> rest =
                    proofs.stream().filter(p -> !spent.contains(p.y())).toList();
            if (insertProofs(rest, token.mint(), token.unit(), ProofState.SPENT, token.operationId(), false, now)
                            .size()
                    != rest.size()) {
                throw new IllegalStateException("a token carries only new proofs or proofs its operation claimed");
            }
        });
    }

    @Override
    public Optional<OutgoingToken> findOutgoing(UUID tokenId) {
        return jdbc.sql("SELECT * FROM wallet_outgoing_tokens WHERE id = :id")
                .param("id", tokenId)
                .query(this::outgoingToken)
                .optional();
    }

    @Override
    public Optional<OutgoingToken> findOutgoingByReference(String reference) {
        return jdbc.sql("""
                        SELECT * FROM wallet_outgoing_tokens WHERE reference = :reference
                        ORDER BY created_at DESC LIMIT 1
                        """)
                .param("reference", reference)
                .query(this::outgoingToken)
                .optional();
    }

    private OutgoingToken outgoingToken(ResultSet rs, int row) throws SQLException {
        return new OutgoingToken(
                rs.getObject("id", UUID.class),
                rs.getObject("operation_id", UUID.class),
                MintUrl.of(rs.getString("mint_url")),
                CurrencyUnit.of(rs.getString("unit")),
                rs.getLong("amount"),
                open(rs.getString("token")),
                rs.getString("reference"),
                instant(rs, "created_at"));
    }

    @Override
    public List<StoredProof> byOperation(UUID operationId) {
        return jdbc.sql("SELECT " + PROOF_COLUMNS + " FROM wallet_proofs WHERE operation_id = :op ORDER BY amount DESC")
                .param("op", operationId)
                .query(this::proofRow)
                .list();
    }

    @Override
    public List<StoredProof> inState(MintUrl mint, CurrencyUnit unit, ProofState state) {
        return jdbc.sql("SELECT " + PROOF_COLUMNS + """
                         FROM wallet_proofs
                        WHERE mint_url = :mint AND unit = :unit AND state = :state AND NOT incoming
                        ORDER BY amount DESC, y
                        """)
                .param("mint", mint.value())
                .param("unit", unit.code())
                .param("state", state.name())
                .query(this::proofRow)
                .list();
    }

    /**
     * Each state from its own partial index, never a scan of every proof the wallet ever held (the metrics read this
     * every minute; one condition over both states matched neither index).
     */
    @Override
    public List<Holding> holdings() {
        return jdbc.sql("""
                        SELECT mint_url, unit, SUM(unspent) AS unspent, SUM(pending) AS pending FROM (
                            SELECT mint_url, unit, amount AS unspent, 0 AS pending FROM wallet_proofs
                             WHERE state = 'UNSPENT' AND NOT incoming
                            UNION ALL
                            SELECT mint_url, unit, 0, amount FROM wallet_proofs
                             WHERE state = 'PENDING' AND NOT incoming
                        ) held
                        GROUP BY mint_url, unit
                        ORDER BY mint_url, unit
                        """)
                .query((rs, row) -> new Holding(
                        MintUrl.of(rs.getString("mint_url")),
                        CurrencyUnit.of(rs.getString("unit")),
                        rs.getLong("unspent"),
                        rs.getLong("pending")))
                .list();
    }

    private int movePending(UUID operationId, List<String> ys, String set, String condition, Instant now) {
        if (ys.isEmpty()) {
            return 0;
        }
        Integer moved = tx.execute(status -> jdbc.sql("UPDATE wallet_proofs SET " + set + ", updated_at = :now"
                        + " WHERE y IN (:ys) AND state = 'PENDING' AND operation_id = :op" + condition)
                .param("now", at(now))
                .param("ys", ys)
                .param("op", operationId)
                .update());
        return moved == null ? 0 : moved;
    }

    /**
     * Claims a client's proofs as incoming under {@code operationId} in one statement: own proofs handed out in a token
     * that comes back (change paid back in) are taken over, the others inserted unless their Y is stored already. How
     * many were claimed either way; fewer than given means some are held elsewhere.
     */
    private int claimedIncoming(List<NewProof> proofs, MintUrl mint, CurrencyUnit unit, UUID operationId, Instant now) {
        if (proofs.isEmpty()) {
            return 0;
        }
        ProofRows rows = new ProofRows("i", proofs, mint, unit, ProofState.PENDING, operationId, true, now);
        // Both parts see the rows as they were before the statement: a proof taken over exists, so its insert
        // conflicts and does nothing.
        Integer claimed = rows.bind(jdbc.sql("""
                        WITH taken AS (
                            UPDATE wallet_proofs
                               SET state = 'PENDING', incoming = true, operation_id = :op, updated_at = :now
                             WHERE y IN (:ys) AND state = 'SPENT' AND NOT incoming
                            RETURNING y),
                        inserted AS (""" + rows.insert() + """
                        )
                        SELECT (SELECT count(*) FROM taken) + (SELECT count(*) FROM inserted)
                        """))
                .param("ys", proofs.stream().map(NewProof::y).toList())
                .param("op", operationId)
                .param("now", at(now))
                .query(Integer.class)
                .single();
        return claimed == null ? 0 : claimed;
    }

    /** Inserts {@code proofs} in one statement, each unless its Y is stored already; the Ys inserted. */
    private Set<String> insertProofs(
            List<NewProof> proofs,
            MintUrl mint,
            CurrencyUnit unit,
            ProofState state,
            UUID operationId,
            boolean incoming,
            Instant now) {
        if (proofs.isEmpty()) {
            return Set.of();
        }
        ProofRows rows = new ProofRows("p", proofs, mint, unit, state, operationId, incoming, now);
        return new HashSet<>(
                rows.bind(jdbc.sql(rows.insert())).query(String.class).list());
    }

    /**
     * A multi-row {@code INSERT … ON CONFLICT (y) DO NOTHING RETURNING y} of proofs, its parameters named with {@code
     * prefix} so that several can share one statement (as parts of a {@code WITH}).
     */
    private final class ProofRows {
        private final String prefix;
        private final List<NewProof> proofs;
        private final MintUrl mint;
        private final CurrencyUnit unit;
        private final ProofState state;
        private final UUID operationId;
        private final boolean incoming;
        private final Instant now;

        ProofRows(
                String prefix,
                List<NewProof> proofs,
                MintUrl mint,
                CurrencyUnit unit,
                ProofState state,
                UUID operationId,
                boolean incoming,
                Instant now) {
            this.prefix = prefix;
            this.proofs = proofs;
            this.mint = mint;
            this.unit = unit;
            this.state = state;
            this.operationId = operationId;
            this.incoming = incoming;
            this.now = now;
        }

        String insert() {
            if (proofs.isEmpty()) {
                throw new IllegalStateException("an insert of no proofs");
            }
            String p = ":" + prefix;
            StringBuilder sql = new StringBuilder(
                    "INSERT INTO wallet_proofs (" + PROOF_COLUMNS + ", created_at, updated_at)" + " VALUES ");
            for (int i = 0; i < proofs.size(); i++) {
                sql.append(i == 0 ? "" : ", ")
                        .append("(" + p + "y" + i + ", " + p + "mint, " + p + "unit, " + p + "keyset" + i + ", ")
                        .append(p + "amount" + i + ", " + p + "secret" + i + ", " + p + "c" + i + ", ")
                        .append(p + "witness" + i + ", " + p + "e" + i + ", " + p + "s" + i + ", " + p + "r" + i + ", ")
                        .append(p + "state, " + p + "op, " + p + "incoming, true, " + p + "now, " + p + "now)");
            }
            return sql.append(" ON CONFLICT (y) DO NOTHING RETURNING y").toString();
        }

        JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
            if (proofs.isEmpty()) {
                return statement;
            }
            var spec = statement
                    .param(prefix + "mint", mint.value())
                    .param(prefix + "unit", unit.code())
                    .param(prefix + "state", state.name())
                    .param(prefix + "op", operationId)
                    .param(prefix + "incoming", incoming)
                    .param(prefix + "now", at(now));
            for (int i = 0; i < proofs.size(); i++) {
                Proof proof = proofs.get(i).proof();
                Optional<ProofDleq> dleq = proof.dleq();
                spec = spec.param(prefix + "y" + i, proofs.get(i).y())
                        .param(prefix + "keyset" + i, proof.keysetId().value())
                        .param(prefix + "amount" + i, proof.amount())
                        .param(prefix + "secret" + i, seal(proof.secret()))
                        .param(prefix + "c" + i, proof.c())
                        .param(prefix + "witness" + i, proof.witness().orElse(null))
                        .param(prefix + "e" + i, dleq.map(ProofDleq::e).orElse(null))
                        .param(prefix + "s" + i, dleq.map(ProofDleq::s).orElse(null))
                        .param(prefix + "r" + i, dleq.map(ProofDleq::r).orElse(null));
            }
            return spec;
        }
    }

    private StoredProof proofRow(ResultSet rs, int row) throws SQLException {
        StoredProof stored = sealedProofRow(rs, row);
        return rs.getBoolean("secret_sealed") ? withProof(stored, opened(stored.proof())) : stored;
    }

    /** A row with its secret as stored (sealed, unless written before sealing): {@link #opened} opens it. */
    private StoredProof sealedProofRow(ResultSet rs, int row) throws SQLException {
        String e = rs.getString("dleq_e");
        Optional<ProofDleq> dleq = e == null
                ? Optional.empty()
                : Optional.of(new ProofDleq(e, rs.getString("dleq_s"), rs.getString("dleq_r")));
        Proof proof = new Proof(
                rs.getLong("amount"),
                KeysetId.of(rs.getString("keyset_id")),
                rs.getString("secret"),
                rs.getString("c"),
                Optional.ofNullable(rs.getString("witness")),
                dleq);
        return new StoredProof(
                proof,
                rs.getString("y"),
                MintUrl.of(rs.getString("mint_url")),
                CurrencyUnit.of(rs.getString("unit")),
                ProofState.valueOf(rs.getString("state")),
                Optional.ofNullable(rs.getObject("operation_id", UUID.class)),
                rs.getBoolean("incoming"));
    }

    /** The proof with its secret opened where it is sealed. */
    private Proof opened(Proof stored) {
        return new Proof(
                stored.amount(), stored.keysetId(), open(stored.secret()), stored.c(), stored.witness(), stored.dleq());
    }

    private static StoredProof withProof(StoredProof stored, Proof proof) {
        return new StoredProof(
                proof,
                stored.y(),
                stored.mint(),
                stored.unit(),
                stored.state(),
                stored.operationId(),
                stored.incoming());
    }

    /** Bearer ecash (a proof's secret, a whole token) sealed at rest as text. */
    private String seal(String bearer) {
        return cipher.sealText(Purpose.ECASH, bearer);
    }

    /** A value {@link #seal} stored; a token stored before sealing is read as it is. */
    private String open(String stored) {
        return AtRestCipher.isSealedText(stored) ? cipher.openText(Purpose.ECASH, stored) : stored;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
