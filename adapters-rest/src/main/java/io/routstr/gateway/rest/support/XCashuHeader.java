package io.routstr.gateway.rest.support;

import io.routstr.gateway.application.port.in.payment.FitTokenToHeaderUseCase;
import io.routstr.gateway.application.port.in.payment.FitTokenToHeaderUseCase.FitTokenToHeaderQuery;
import io.routstr.gateway.application.port.in.payment.FitTokenToHeaderUseCase.HeaderToken;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * The one place that decides how a Cashu token handed back to a client travels in the {@code X-Cashu} response header
 * (Routstr §3.3): change on an answer or a held stream, the token handed back with a refusal, recovered change.
 *
 * <p>Tomcat writes all response headers into one buffer of 8 KiB ({@code server.max-http-response-header-size},
 * allocated for every request in flight, so not raised); a longer header turns the whole answer into an empty 500 on a
 * closed connection, after the request was billed. Change the node's wallet makes carries NUT-12 DLEQ proofs, about
 * 300 characters per proof in {@code cashuB}, so change of about 20 proofs or more would break its answer. A token
 * longer than {@link #LONGEST_TOKEN} goes without its DLEQ proofs (the same proofs: spending one form spends the
 * other), and one still too long is left out of the header; the caller then hands the whole token back in the body
 * (refusals, recovery) or leaves it recoverable with the original token ({@code POST /v1/balance/refund}).
 */
@Component
public class XCashuHeader {

    /** The request and response header of an {@code X-Cashu} payment and its change. */
    public static final String NAME = "X-Cashu";

    /** Longest token put in the header: 6 KiB of the 8 KiB, the rest left to the other headers of an answer. */
    public static final int LONGEST_TOKEN = 6 * 1024;

    private final FitTokenToHeaderUseCase fitting;

    public XCashuHeader(FitTokenToHeaderUseCase fitting) {
        this.fitting = Objects.requireNonNull(fitting, "fitting");
    }

    /** What of {@code token} goes in the header: {@link HeaderToken#header()} is the text, if any. */
    public HeaderToken fit(String token) {
        return fitting.fit(new FitTokenToHeaderQuery(token, LONGEST_TOKEN));
    }
}
