package io.routstr.gateway.rest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.domain.key.ApiKey;
import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.domain.key.KeyHash;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Per-address bounds on creating keys and Lightning invoices. */
class CreationRateFilterTest {

    private static final Instant MINUTE = Instant.parse("2026-12-01T12:00:10Z");

    private final Set<KeyHash> existingKeys = new HashSet<>();
    private Instant now = MINUTE;

    private CreationRateFilter filter(int keys, int invoices, Optional<String> header, int tracked) {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new CreationRateFilter(
                new CreationLimits(keys, invoices, header, tracked),
                secret -> existingKeys.contains(secret.hash()) ? Optional.of(mock(ApiKey.class)) : Optional.empty(),
                new ObjectMapper(),
                clock);
    }

    private static MockHttpServletRequest request(String method, String path, String address) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setRemoteAddr(address);
        return request;
    }

    private static MockHttpServletResponse run(CreationRateFilter filter, MockHttpServletRequest request)
            throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }

    @Test
    void givenThreeKeysAMinute_theFourthCreationFromOneAddressIs429WithRetryAfter() throws Exception {
        CreationRateFilter filter = filter(3, 0, Optional.empty(), 100);
        for (int i = 0; i < 3; i++) {
            assertThat(run(filter, request("POST", "/v1/balance/create", "203.0.113.7"))
                            .getStatus())
                    .isEqualTo(200);
        }

        MockHttpServletResponse refused = run(filter, request("GET", "/v1/wallet/create", "203.0.113.7"));

        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("50");
        assertThat(refused.getContentType()).startsWith("application/json");
        assertThat(refused.getContentAsString())
                .contains("\"code\":\"key_creation_rate_limited\"")
                .contains("\"type\":\"rate_limit_error\"")
                .contains("\"request_id\"");
        assertThat(run(filter, request("POST", "/v1/balance/create", "203.0.113.8"))
                        .getStatus())
                .as("another address has its own budget")
                .isEqualTo(200);
        now = MINUTE.plusSeconds(120);
        assertThat(run(filter, request("POST", "/v1/balance/create", "203.0.113.7"))
                        .getStatus())
                .as("a quiet minute later the budget is whole again")
                .isEqualTo(200);
    }

    @Test
    void creationsJustBeforeAMinuteTurnsStillCountJustAfterIt_soTheTurnAdmitsNoBurst() throws Exception {
        CreationRateFilter filter = filter(2, 0, Optional.empty(), 100);
        now = Instant.parse("2026-12-01T12:00:59Z");
        for (int i = 0; i < 2; i++) {
            assertThat(run(filter, request("POST", "/v1/balance/create", "203.0.113.9"))
                            .getStatus())
                    .isEqualTo(200);
        }
        now = Instant.parse("2026-12-01T12:01:01Z");

        MockHttpServletResponse refused = run(filter, request("POST", "/v1/balance/create", "203.0.113.9"));

        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After"))
                .as("until half of the last minute's two have left the sliding minute")
                .isEqualTo("29");
        now = Instant.parse("2026-12-01T12:01:31Z");
        assertThat(run(filter, request("POST", "/v1/balance/create", "203.0.113.9"))
                        .getStatus())
                .isEqualTo(200);
    }

    @Test
    void aCashuBearerTokenCountsOnlyOnItsFirstUse() throws Exception {
        CreationRateFilter filter = filter(1, 0, Optional.empty(), 100);
        String usedToken = "cashuBusedtoken0123456789";
        existingKeys.add(ApiKeySecret.derivedFromToken(usedToken).hash());
        for (int i = 0; i < 5; i++) {
            MockHttpServletRequest again = request("POST", "/v1/chat/completions", "198.51.100.1");
            again.addHeader("Authorization", "Bearer " + usedToken);
            assertThat(run(filter, again).getStatus()).isEqualTo(200);
        }

        MockHttpServletRequest first = request("POST", "/v1/chat/completions", "198.51.100.1");
        first.addHeader("Authorization", "Bearer cashuBnewtoken0000000001");
        MockHttpServletRequest second = request("POST", "/v1/chat/completions", "198.51.100.1");
        second.addHeader("X-Cashu", "cashuBnewtoken0000000002");

        assertThat(run(filter, first).getStatus()).isEqualTo(200);
        assertThat(run(filter, second).getStatus()).isEqualTo(429);
        MockHttpServletRequest withKey = request("POST", "/v1/chat/completions", "198.51.100.1");
        withKey.addHeader("Authorization", "Bearer sk-" + "a".repeat(64));
        assertThat(run(filter, withKey).getStatus())
                .as("sk- keys create nothing")
                .isEqualTo(200);
    }

    @Test
    void invoicesHaveTheirOwnLimitOnBothPaths() throws Exception {
        CreationRateFilter filter = filter(0, 2, Optional.empty(), 100);

        assertThat(run(filter, request("POST", "/lightning/invoice", "192.0.2.1"))
                        .getStatus())
                .isEqualTo(200);
        assertThat(run(filter, request("POST", "/v1/balance/lightning/invoice", "192.0.2.1"))
                        .getStatus())
                .isEqualTo(200);
        MockHttpServletResponse refused = run(filter, request("POST", "/lightning/invoice/", "192.0.2.1"));

        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getContentAsString()).contains("\"code\":\"invoice_creation_rate_limited\"");
        assertThat(run(filter, request("GET", "/lightning/invoice/abc/status", "192.0.2.1"))
                        .getStatus())
                .as("reading an invoice creates nothing")
                .isEqualTo(200);
        assertThat(run(filter, request("POST", "/v1/balance/create", "192.0.2.1"))
                        .getStatus())
                .as("0 means no limit")
                .isEqualTo(200);
    }

    @Test
    void aForwardedHeaderCountsOnlyWhenConfigured_andThenItsLastHop() throws Exception {
        CreationRateFilter untrusting = filter(1, 0, Optional.empty(), 100);
        MockHttpServletRequest spoofed = request("POST", "/v1/balance/create", "10.0.0.1");
        spoofed.addHeader("X-Forwarded-For", "1.1.1.1");
        run(untrusting, spoofed);
        MockHttpServletRequest spoofedAgain = request("POST", "/v1/balance/create", "10.0.0.1");
        spoofedAgain.addHeader("X-Forwarded-For", "2.2.2.2");
        assertThat(run(untrusting, spoofedAgain).getStatus()).isEqualTo(429);

        CreationRateFilter behindProxy = filter(1, 0, Optional.of("X-Forwarded-For"), 100);
        MockHttpServletRequest viaProxy = request("POST", "/v1/balance/create", "10.0.0.1");
        viaProxy.addHeader("X-Forwarded-For", "9.9.9.9, 203.0.113.50");
        run(behindProxy, viaProxy);
        MockHttpServletRequest sameClientFakingAHop = request("POST", "/v1/balance/create", "10.0.0.1");
        sameClientFakingAHop.addHeader("X-Forwarded-For", "8.8.8.8, 203.0.113.50");
        MockHttpServletRequest otherClient = request("POST", "/v1/balance/create", "10.0.0.1");
        otherClient.addHeader("X-Forwarded-For", "203.0.113.51");

        assertThat(run(behindProxy, sameClientFakingAHop).getStatus()).isEqualTo(429);
        assertThat(run(behindProxy, otherClient).getStatus()).isEqualTo(200);
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() throws Exception {
        CreationRateFilter filter = filter(1, 0, Optional.empty(), 100);

        run(filter, request("POST", "/v1/balance/create", "2001:db8:1:2::1"));

        assertThat(run(filter, request("POST", "/v1/balance/create", "2001:db8:1:2:ffff::99"))
                        .getStatus())
                .isEqualTo(429);
        assertThat(run(filter, request("POST", "/v1/balance/create", "2001:db8:1:3::1"))
                        .getStatus())
                .isEqualTo(200);
        assertThat(CreationRateFilter.normalise("2001:0db8:0001:0002:0000:0000:0000:0001"))
                .isEqualTo(CreationRateFilter.normalise("[2001:db8:1:2::7]"));
    }

    @Test
    void pastTheTrackedAddresses_newAddressesShareOneBudget() throws Exception {
        CreationRateFilter filter = filter(1, 0, Optional.empty(), 2);
        run(filter, request("POST", "/v1/balance/create", "192.0.2.1"));
        run(filter, request("POST", "/v1/balance/create", "192.0.2.2"));

        assertThat(run(filter, request("POST", "/v1/balance/create", "192.0.2.3"))
                        .getStatus())
                .isEqualTo(200);
        assertThat(run(filter, request("POST", "/v1/balance/create", "192.0.2.4"))
                        .getStatus())
                .isEqualTo(429);
    }
}
