package io.routstr.gateway.domain.ecash;

import java.util.List;
import java.util.Objects;

/**
 * Outcome of looking up a token's keyset id among a mint's keysets. NUT-00 requires a short id that matches more than
 * one keyset to fail token parsing, so ambiguity is an outcome of its own rather than "take the first".
 */
public sealed interface KeysetResolution {

    /** Exactly one keyset matches. */
    record Resolved(KeysetId keysetId) implements KeysetResolution {
        public Resolved {
            Objects.requireNonNull(keysetId, "keyset id");
        }
    }

    /** The mint has no such keyset (perhaps not loaded yet, perhaps another mint's). */
    record Unknown(KeysetId keysetId) implements KeysetResolution {
        public Unknown {
            Objects.requireNonNull(keysetId, "keyset id");
        }
    }

    /** A short id matches several keysets; the token must be refused. */
    record Ambiguous(KeysetId keysetId, List<KeysetId> candidates) implements KeysetResolution {
        public Ambiguous {
            Objects.requireNonNull(keysetId, "keyset id");
            candidates = List.copyOf(candidates);
        }
    }

    /** Resolves {@code id} among the mint's full keyset ids, by exact match or by short-id prefix. */
    static KeysetResolution of(KeysetId id, List<KeysetId> mintKeysets) {
        List<KeysetId> matches =
                mintKeysets.stream().filter(id::abbreviates).distinct().toList();
        return switch (matches.size()) {
            case 0 -> new Unknown(id);
            case 1 -> new Resolved(matches.get(0));
            default -> new Ambiguous(id, matches);
        };
    }
}
