package io.routstr.gateway.cashu.token;

import io.routstr.gateway.application.port.out.TokenCodecPort;
import io.routstr.gateway.domain.ecash.EcashToken;
import java.util.Objects;

/** Adapter: {@link TokenCodecPort} over {@link TokenCodec}, a format error answered as {@link Decoded.Malformed}. */
public final class CashuTokenCodecAdapter implements TokenCodecPort {

    private final TokenCodec codec;

    public CashuTokenCodecAdapter(TokenCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    @Override
    public Decoded decode(String token) {
        try {
            return new Decoded.Token(codec.decode(token));
        } catch (TokenFormatException malformed) {
            return new Decoded.Malformed(
                    malformed.getMessage(), malformed.reason() == TokenFormatException.Reason.ZERO_AMOUNT);
        }
    }

    @Override
    public String encode(EcashToken token) {
        return codec.encode(token);
    }
}
