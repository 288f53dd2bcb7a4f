package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.WalletProofStorePort;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** {@link WalletProofStorePort} in memory; every method is atomic (one lock), like a transaction. */
public final class InMemoryWalletProofStore implements WalletProofStorePort {

    private final Map<String, StoredProof> proofs = new LinkedHashMap<>();
    private final Map<UUID, OutgoingToken> outgoing = new LinkedHashMap<>();

    @Override
    public synchronized int addUnspent(MintUrl mint, CurrencyUnit unit, List<NewProof> added, Instant now) {
        int stored = 0;
        for (NewProof proof : added) {
            if (proofs.putIfAbsent(
                            proof.y(),
                            new StoredProof(
                                    proof.proof(), proof.y(), mint, unit, ProofState.UNSPENT, Optional.empty(), false))
                    == null) {
                stored++;
            }
        }
        return stored;
    }

    @Override
    public synchronized IncomingClaim claimIncoming(
            UUID operationId, MintUrl mint, CurrencyUnit unit, List<NewProof> incoming, Instant now) {
        Set<String> seen = new HashSet<>();
        for (NewProof proof : incoming) {
            if (!seen.add(proof.y())) {
                throw new IllegalArgumentException("the same proof twice in one claim");
            }
        }
        for (NewProof proof : incoming) {
            StoredProof existing = proofs.get(proof.y());
            if (existing != null && !(existing.state() == ProofState.SPENT && !existing.incoming())) {
                return new IncomingClaim.Conflict(existing.operationId());
            }
        }
        for (NewProof proof : incoming) {
            proofs.put(
                    proof.y(),
                    new StoredProof(
                            proof.proof(), proof.y(), mint, unit, ProofState.PENDING, Optional.of(operationId), true));
        }
        return new IncomingClaim.Claimed();
    }

    @Override
    public synchronized List<StoredProof> claim(
            UUID operationId, MintUrl mint, CurrencyUnit unit, ProofSelector selector, Instant now) {
        List<StoredProof> candidates = proofs.values().stream()
                .filter(p -> !p.incoming()
                        && p.state() == ProofState.UNSPENT
                        && p.mint().equals(mint)
                        && p.unit().equals(unit))
                .sorted(Comparator.comparingLong(StoredProof::amount).reversed())
                .toList();
        List<StoredProof> claimed = new ArrayList<>();
        for (StoredProof chosen : selector.select(candidates)) {
            StoredProof current = proofs.get(chosen.y());
            if (current == null || current.state() != ProofState.UNSPENT || current.incoming()) {
                throw new IllegalArgumentException("the selector picked a proof that is not a candidate");
            }
            StoredProof pending = withState(current, ProofState.PENDING, Optional.of(operationId));
            proofs.put(current.y(), pending);
            claimed.add(pending);
        }
        return claimed;
    }

    @Override
    public synchronized int markSpent(UUID operationId, List<String> ys, Instant now) {
        return move(operationId, ys, ProofState.SPENT);
    }

    @Override
    public synchronized int release(UUID operationId, List<String> ys, Instant now) {
        int moved = 0;
        for (String y : ys) {
            StoredProof current = proofs.get(y);
            if (isPendingUnder(current, operationId) && !current.incoming()) {
                proofs.put(y, withState(current, ProofState.UNSPENT, Optional.empty()));
                moved++;
            }
        }
        return moved;
    }

    @Override
    public synchronized int forgetIncoming(UUID operationId) {
        List<String> doomed = proofs.values().stream()
                .filter(p -> p.incoming() && isPendingUnder(p, operationId))
                .map(StoredProof::y)
                .toList();
        doomed.forEach(proofs::remove);
        return doomed.size();
    }

    @Override
    public synchronized void recordOutgoing(OutgoingToken token, List<NewProof> carried, Instant now) {
        if (outgoing.containsKey(token.id())) {
            throw new IllegalStateException("outgoing token " + token.id() + " is already recorded");
        }
        for (NewProof proof : carried) {
            StoredProof current = proofs.get(proof.y());
            if (current != null && !isPendingUnder(current, token.operationId())) {
                throw new IllegalStateException("a token carries only new proofs or proofs its operation claimed");
            }
        }
        outgoing.put(token.id(), token);
        for (NewProof proof : carried) {
            StoredProof current = proofs.get(proof.y());
            proofs.put(
                    proof.y(),
                    new StoredProof(
                            proof.proof(),
                            proof.y(),
                            token.mint(),
                            token.unit(),
                            ProofState.SPENT,
                            Optional.of(token.operationId()),
                            current != null && current.incoming()));
        }
    }

    @Override
    public synchronized Optional<OutgoingToken> findOutgoing(UUID tokenId) {
        return Optional.ofNullable(outgoing.get(tokenId));
    }

    @Override
    public synchronized Optional<OutgoingToken> findOutgoingByReference(String reference) {
        return outgoing.values().stream()
                .filter(t -> t.reference().equals(reference))
                .max(java.util.Comparator.comparing(OutgoingToken::createdAt));
    }

    @Override
    public synchronized List<StoredProof> byOperation(UUID operationId) {
        return proofs.values().stream()
                .filter(p -> p.operationId().equals(Optional.of(operationId)))
                .toList();
    }

    @Override
    public synchronized List<StoredProof> inState(MintUrl mint, CurrencyUnit unit, ProofState state) {
        return proofs.values().stream()
                .filter(p -> !p.incoming()
                        && p.state() == state
                        && p.mint().equals(mint)
                        && p.unit().equals(unit))
                .toList();
    }

    @Override
    public synchronized List<Holding> holdings() {
        Map<List<String>, long[]> totals = new LinkedHashMap<>();
        Map<List<String>, StoredProof> firstOf = new LinkedHashMap<>();
        proofs.values().stream()
                .filter(p -> !p.incoming() && p.state() != ProofState.SPENT)
                .sorted(Comparator.comparing((StoredProof p) -> p.mint().value())
                        .thenComparing(p -> p.unit().code()))
                .forEach(p -> {
                    List<String> key = List.of(p.mint().value(), p.unit().code());
                    firstOf.putIfAbsent(key, p);
                    long[] sums = totals.computeIfAbsent(key, k -> new long[2]);
                    int slot = p.state() == ProofState.UNSPENT ? 0 : 1;
                    sums[slot] = Math.addExact(sums[slot], p.amount());
                });
        List<Holding> out = new ArrayList<>();
        totals.forEach((key, sums) -> {
            StoredProof p = firstOf.get(key);
            out.add(new Holding(p.mint(), p.unit(), sums[0], sums[1]));
        });
        return out;
    }

    private int move(UUID operationId, List<String> ys, ProofState target) {
        int moved = 0;
        for (String y : ys) {
            StoredProof current = proofs.get(y);
            if (isPendingUnder(current, operationId)) {
                proofs.put(y, withState(current, target, current.operationId()));
                moved++;
            }
        }
        return moved;
    }

    private static boolean isPendingUnder(StoredProof proof, UUID operationId) {
        return proof != null
                && proof.state() == ProofState.PENDING
                && proof.operationId().equals(Optional.of(operationId));
    }

    private static StoredProof withState(StoredProof p, ProofState state, Optional<UUID> operationId) {
        return new StoredProof(p.proof(), p.y(), p.mint(), p.unit(), state, operationId, p.incoming());
    }
}
