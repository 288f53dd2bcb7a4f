package io.routstr.gateway.cashu.wallet;

import io.routstr.gateway.application.port.out.WalletJournalPort.OutputRange;
import io.routstr.gateway.application.port.out.WalletProofStorePort.NewProof;
import io.routstr.gateway.application.port.out.WalletProofStorePort.StoredProof;
import io.routstr.gateway.cashu.crypto.Bdhke;
import io.routstr.gateway.cashu.crypto.CurvePoint;
import io.routstr.gateway.cashu.crypto.DerivedSecret;
import io.routstr.gateway.cashu.crypto.DeterministicSecrets;
import io.routstr.gateway.cashu.crypto.Dleq;
import io.routstr.gateway.cashu.crypto.WalletSeed;
import io.routstr.gateway.cashu.mint.MintApi.BlindSignature;
import io.routstr.gateway.cashu.mint.MintApi.BlindedMessage;
import io.routstr.gateway.cashu.mint.MintApi.MintKeyset;
import io.routstr.gateway.cashu.mint.MintApi.Restored;
import io.routstr.gateway.cashu.mint.MintCall;
import io.routstr.gateway.cashu.mint.MintClient;
import io.routstr.gateway.domain.ecash.KeysetId;
import io.routstr.gateway.domain.ecash.Proof;
import io.routstr.gateway.domain.ecash.ProofDleq;
import java.math.BigInteger;
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

    /** An output derived from the seed: its NUT-13 secret and {@code r}, amount and {@code B_}. */
    record Planned(long amount, KeysetId keysetId, DerivedSecret secret, CurvePoint blinded) {}

    private final WalletSeed seed;

    WalletOutputs(WalletSeed seed) {
        this.seed = Objects.requireNonNull(seed, "seed");
    }

    List<Planned> plan(OutputRange range, List<Long> amounts) {
        if (amounts.size() != range.count()) {
            throw new IllegalArgumentException("one counter per output");
        }
        List<Planned> planned = new ArrayList<>(amounts.size());
        for (int i = 0; i < amounts.size(); i++) {
            DerivedSecret secret = DeterministicSecrets.derive(seed, range.keysetId(), range.first() + i);
            planned.add(new Planned(amounts.get(i), range.keysetId(), secret, secret.blindedMessage()));
        }
        return planned;
    }

    static List<BlindedMessage> blinded(List<Planned> planned) {
        return planned.stream()
                .map(p -> new BlindedMessage(p.amount(), p.keysetId(), p.blinded()))
                .toList();
    }

    /** The proofs of the mint's signatures on {@code outputs}, or nothing when the answer cannot be used now. */
    Optional<List<NewProof>> unblindOrNothing(
            MintClient client, List<Planned> outputs, List<BlindSignature> signatures) {
        try {
            return Optional.of(unblind(client, outputs, signatures));
        } catch (IllegalStateException unusable) {
            // The mint acted but its answer cannot be used now: recovery restores the outputs later (NUT-09).
            log.warn("unusable mint answer: {}", unusable.getMessage());
            return Optional.empty();
        }
    }

    /** Unblinds the mint's signatures on our outputs, checking amounts, keysets and (NUT-12) DLEQ proofs. */
    private List<NewProof> unblind(MintClient client, List<Planned> outputs, List<BlindSignature> signatures) {
        if (signatures.size() != outputs.size()) {
            throw new IllegalStateException(
                    "the mint signed " + signatures.size() + " of " + outputs.size() + " outputs");
        }
        List<NewProof> fresh = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            Planned output = outputs.get(i);
            BlindSignature signature = signatures.get(i);
            if (signature.amount() != output.amount() || !signature.keysetId().equals(output.keysetId())) {
                throw new IllegalStateException("the mint signed another amount or keyset than asked");
            }
            fresh.add(toProof(client, output, signature));
        }
        return fresh;
    }

    /** NUT-08: change signatures come in the order of the blank outputs, with the amounts the mint chose. */
    List<NewProof> unblindChange(MintClient client, List<Planned> blanks, List<BlindSignature> change) {
        if (change.size() > blanks.size()) {
            throw new IllegalStateException("the mint returned more change than blank outputs");
        }
        List<NewProof> fresh = new ArrayList<>();
        for (int i = 0; i < change.size(); i++) {
            fresh.add(toProof(client, blanks.get(i), change.get(i)));
        }
        return fresh;
    }

    List<NewProof> unblindRestored(MintClient client, List<Planned> planned, Restored restored) {
        Map<String, Planned> byBlinded = new HashMap<>();
        planned.forEach(p -> byBlinded.put(p.blinded().toHex(), p));
        List<NewProof> fresh = new ArrayList<>();
        for (int i = 0; i < restored.outputs().size(); i++) {
            Planned output = byBlinded.get(restored.outputs().get(i).blinded().toHex());
            if (output != null) {
                fresh.add(toProof(client, output, restored.signatures().get(i)));
            }
        }
        fresh.sort(Comparator.comparingLong(p -> p.proof().amount()));
        return fresh;
    }

    private NewProof toProof(MintClient client, Planned output, BlindSignature signature) {
        if (!(client.keyset(signature.keysetId()) instanceof MintCall.Ok<MintKeyset>(MintKeyset keyset))) {
            throw new IllegalStateException("the keyset the mint signed with cannot be fetched now");
        }
        CurvePoint key = keyset.key(signature.amount())
                .orElseThrow(() -> new IllegalStateException("the mint signed an amount its keyset lacks"));
        if (signature.dleq().isPresent()
                && !Dleq.verify(
                        key,
                        output.blinded(),
                        signature.signature(),
                        signature.dleq().get())) {
            // NUT-12: a wallet must verify the DLEQ proof it is given; an invalid one means an unusable signature.
            throw new IllegalStateException("the mint's DLEQ proof does not verify");
        }
        CurvePoint c = Bdhke.unblind(signature.signature(), output.secret().r(), key);
        Proof proof = Proof.of(
                signature.amount(), signature.keysetId(), output.secret().secret(), c.toHex());
        if (signature.dleq().isPresent()) {
            // Kept with r so tokens this node hands out let their receivers check the mint offline (NUT-12).
            proof = proof.withDleq(new ProofDleq(
                    hex32(signature.dleq().get().e()),
                    hex32(signature.dleq().get().s()),
                    output.secret().r().toHex()));
        }
        return new NewProof(proof, y(proof));
    }

    static String y(Proof proof) {
        return Bdhke.hashSecret(proof.secret()).toHex();
    }

    static List<String> ys(List<?> items) {
        return items.stream()
                .map(item -> item instanceof StoredProof s ? s.y() : ((NewProof) item).y())
                .toList();
    }

    static List<Proof> withoutDleq(List<Proof> inputs) {
        return inputs.stream().map(Proof::withoutDleq).toList();
    }

    private static String hex32(BigInteger value) {
        String hex = value.toString(16);
        return "0".repeat(Math.max(0, 64 - hex.length())) + hex;
    }
}
