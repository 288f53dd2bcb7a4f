package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.payment.FitTokenToHeaderUseCase;
import io.routstr.gateway.application.port.out.TokenCodecPort;
import io.routstr.gateway.application.port.out.TokenCodecPort.Decoded;
import io.routstr.gateway.domain.ecash.EcashToken;
import java.util.Objects;

/**
 * Fits a token handed back to a header: as it is when it fits, else re-encoded without its DLEQ proofs (NUT-12 makes
 * them optional; a wallet can still check the proofs at the mint), else not at all. Only a token too long is decoded,
 * so the common answer costs one length check.
 */
public record FitTokenToHeaderService(TokenCodecPort codec) implements FitTokenToHeaderUseCase {

    public FitTokenToHeaderService {
        Objects.requireNonNull(codec, "codec");
    }

    @Override
    public HeaderToken fit(FitTokenToHeaderQuery query) {
        String token = query.token();
        if (token.length() <= query.longestChars()) {
            return new HeaderToken.AsIs(token);
        }
        // A token the node cannot read (a client's malformed one, refused) cannot be shortened without changing it.
        if (!(codec.decode(token) instanceof Decoded.Token(EcashToken decoded)) || !decoded.hasDleq()) {
            return new HeaderToken.TooLong();
        }
        String shorter = codec.encode(decoded.withoutDleq());
        return shorter.length() <= query.longestChars()
                ? new HeaderToken.WithoutDleq(shorter)
                : new HeaderToken.TooLong();
    }
}
