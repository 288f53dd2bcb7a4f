package io.routstr.gateway.rest.support;

import io.routstr.gateway.application.port.in.payment.FitTokenToHeaderUseCase.HeaderToken;
import java.util.Map;

/**
 * {@link XCashuHeader}s for slice tests, over a scripted fitting: a token of at most {@link XCashuHeader#LONGEST_TOKEN}
 * characters fits as it is, a longer one goes as its scripted form without DLEQ if it has one, else not at all.
 */
public final class XCashuHeaders {

    private XCashuHeaders() {}

    /** Only tokens that fit as they are go in the header. */
    public static XCashuHeader asTheyAre() {
        return withoutDleq(Map.of());
    }

    /** Long tokens go in the header as {@code shorterForms} gives them without their DLEQ proofs. */
    public static XCashuHeader withoutDleq(Map<String, String> shorterForms) {
        return new XCashuHeader(query -> {
            if (query.token().length() <= query.longestChars()) {
                return new HeaderToken.AsIs(query.token());
            }
            String shorter = shorterForms.get(query.token());
            return shorter != null && shorter.length() <= query.longestChars()
                    ? new HeaderToken.WithoutDleq(shorter)
                    : new HeaderToken.TooLong();
        });
    }
}
