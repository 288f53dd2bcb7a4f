package io.routstr.gateway.application.service.wallet;

import io.routstr.gateway.application.port.out.MintPort.BlindSignature;
import io.routstr.gateway.application.port.out.MintPort.BlindedMessage;
import io.routstr.gateway.application.port.out.MintPort.Call;
import io.routstr.gateway.application.port.out.MintPort.MintKeyset;
import io.routstr.gateway.application.port.out.MintPort.Restored;
import io.routstr.gateway.application.port.out.WalletCryptoPort;
import io.routstr.gateway.application.port.out.WalletCryptoPort.Output;
import io.routstr.gateway.application.port.out.WalletCryptoPort.Seed;
import io.routstr.gateway.application.port.out.WalletCryptoPort.Unblinded;
import io.routstr.gateway.application.port.out.WalletJournalPort.OutputRange;
import io.routstr.gateway.application.port.out.WalletProofStorePort.NewProof;
import io.routstr.gateway.application.port.out.WalletProofStorePort.StoredProof;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.QuoteId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wallet's blinded outputs: derived from the seed at journalled counters (NUT-13), so that a crash between the
 * mint's answer and the commit is restored later (NUT-09), and unblinded into proofs with the mint's signatures after
 * checking their amounts, keysets and DLEQ proofs (NUT-12). A signature that cannot be used is an
 * {@link IllegalStateException}: the operation's outcome is then unknown, and recovery settles it.
 */
final class WalletOutputs {

    private static final Logger log = LoggerFactory.getLogger(WalletOutputs.class);

    private final WalletCryptoPort crypto;
    private final Seed seed;

    WalletOutputs(WalletCryptoPort crypto, Seed seed) {
        this.crypto = Objects.requireNonNull(crypto, "crypto");
        this.seed = Objects.requireNonNull(seed, "seed");
    }

    List<Output> plan(OutputRange range, List<Long> amounts) {
        if (amounts.size() != range.count()) {
            throw new IllegalArgumentException("one counter per output");
        }
        return crypto.deriveOutputs(seed, range.keysetId(), range.first(), amounts);
    }

    /** The NUT-20 public key this node locks its mint quotes to. */
    String quoteLockKey() {
        return crypto.quoteLockKey(seed);
    }

    /** The NUT-20 signature of a mint request under {@link #quoteLockKey()}. */
    String signMintRequest(QuoteId quoteId, List<BlindedMessage> request, boolean v1) {
        return crypto.signMintRequest(seed, quoteId, request, v1);
    }

    static List<BlindedMessage> blinded(List<Output> planned) {
        return planned.stream().map(Output::message).toList();
    }

    /** The proofs of the mint's signatures on {@code outputs}, or nothing when the answer cannot be used now. */
    Optional<List<NewProof>> unblindOrNothing(MintAt client, List<Output> outputs, List<BlindSignature> signatures) {
        try {
            return Optional.of(unblind(client, outputs, signatures));
        } catch (IllegalStateException unusable) {
            // The mint acted but its answer cannot be used now: recovery restores the outputs later (NUT-09).
            log.warn("unusable mint answer: {}", unusable.getMessage());
            return Optional.empty();
        }
    }

    /** Unblinds the mint's signatures on our outputs, checking amounts, keysets and (NUT-12) DLEQ proofs. */
    private List<NewProof> unblind(MintAt client, List<Output> outputs, List<BlindSignature> signatures) {
        if (signatures.size() != outputs.size()) {
            throw new IllegalStateException(
                    "the mint signed " + signatures.size() + " of " + outputs.size() + " outputs");
        }
        List<NewProof> fresh = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            Output output = outputs.get(i);
            BlindSignature signature = signatures.get(i);
            if (signature.amount() != output.amount() || !signature.keysetId().equals(output.keysetId())) {
                throw new IllegalStateException("the mint signed another amount or keyset than asked");
            }
            fresh.add(toProof(client, output, signature));
        }
        return fresh;
    }

    /** NUT-08: change signatures come in the order of the blank outputs, with the amounts the mint chose. */
    List<NewProof> unblindChange(MintAt client, List<Output> blanks, List<BlindSignature> change) {
        if (change.size() > blanks.size()) {
            throw new IllegalStateException("the mint returned more change than blank outputs");
        }
        List<NewProof> fresh = new ArrayList<>();
        for (int i = 0; i < change.size(); i++) {
            fresh.add(toProof(client, blanks.get(i), change.get(i)));
        }
        return fresh;
    }

    List<NewProof> unblindRestored(MintAt client, List<Output> planned, Restored restored) {
        Map<String, Output> byBlinded = new HashMap<>();
        planned.forEach(p -> byBlinded.put(p.blinded(), p));
        List<NewProof> fresh = new ArrayList<>();
        for (int i = 0; i < restored.outputs().size(); i++) {
            Output output = byBlinded.get(restored.outputs().get(i).blinded());
            if (output != null) {
                fresh.add(toProof(client, output, restored.signatures().get(i)));
            }
        }
        fresh.sort(Comparator.comparingLong(p -> p.proof().amount()));
        return fresh;
    }

    /**
     * One signature unblinded with the keyset's key for its amount. The outputs' secrets are kept with the mint's
     * DLEQ proof and {@code r}, so tokens this node hands out let their receivers check the mint offline (NUT-12).
     */
    private NewProof toProof(MintAt client, Output output, BlindSignature signature) {
        if (!(client.keyset(signature.keysetId()) instanceof Call.Ok<MintKeyset>(MintKeyset keyset))) {
            throw new IllegalStateException("the keyset the mint signed with cannot be fetched now");
        }
        String key = keyset.key(signature.amount())
                .orElseThrow(() -> new IllegalStateException("the mint signed an amount its keyset lacks"));
        return switch (crypto.unblind(output, signature, key)) {
            case Unblinded.Signed(Proof proof) -> new NewProof(proof, crypto.y(proof.secret()));
            // NUT-12: a wallet must verify the DLEQ proof it is given; an invalid one means an unusable signature.
            case Unblinded.InvalidDleq invalid ->
                throw new IllegalStateException("the mint's DLEQ proof does not verify");
        };
    }

    /** NUT-12: whether a received proof's DLEQ proof verifies against the mint's key for its amount. */
    WalletCryptoPort.DleqVerdict checkDleq(Proof proof, String mintKey) {
        return crypto.checkDleq(proof, mintKey);
    }

    String y(Proof proof) {
        return crypto.y(proof.secret());
    }

    static List<String> ys(List<?> items) {
        return items.stream()
                .map(item -> item instanceof StoredProof s ? s.y() : ((NewProof) item).y())
                .toList();
    }

    static List<Proof> withoutDleq(List<Proof> inputs) {
        return inputs.stream().map(Proof::withoutDleq).toList();
    }
}
