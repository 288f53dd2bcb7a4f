package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.ecash.EcashToken;
import java.util.Objects;

/**
 * Port: the Cashu token text formats ({@code cashuA} V3 JSON and {@code cashuB} V4 CBOR, NUT-00). Decoding never
 * throws on bad input: a token a client sent is data, and a malformed one is an answer. Never log a token.
 */
public interface TokenCodecPort {

    /** What a token text decoded to. */
    sealed interface Decoded {
        record Token(EcashToken token) implements Decoded {
            public Token {
                Objects.requireNonNull(token, "token");
            }
        }

        /**
         * Not a token this node reads; {@code reason} names the flaw, never the token. {@code zeroValue}: the token
         * is well formed but worth nothing.
         */
        record Malformed(String reason, boolean zeroValue) implements Decoded {
            public Malformed {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /** Decodes a {@code cashuA}/{@code cashuB} token, with or without a {@code cashu:} URI scheme. */
    Decoded decode(String token);

    /** Encodes {@code token} as this node hands tokens out ({@code cashuB} when its keyset ids allow, else V3). */
    String encode(EcashToken token);
}
