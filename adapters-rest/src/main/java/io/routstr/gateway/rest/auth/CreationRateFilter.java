package io.routstr.gateway.rest.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.in.key.AuthenticateApiKeyUseCase;
import io.routstr.gateway.domain.key.ApiKeySecret;
import io.routstr.gateway.rest.error.ApiError;
import io.routstr.gateway.rest.support.RequestIdFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the unauthenticated work one client address can cause per minute: creating keys ({@code /v1/balance/create},
 * its {@code /v1/wallet} alias, and the first use of a Cashu token as a bearer key or in {@code X-Cashu}, each of which
 * redeems a token at a mint) and creating Lightning invoices (a mint quote each). Past the limit the answer is 429
 * with {@code Retry-After} and an OpenAI-shaped error, before any work is done.
 *
 * <p>Counters are per instance and in memory, over a sliding minute: {@code N} instances admit up to {@code N}
 * times the limit, which bounds the work per instance, the point here. Memory is bounded by the number of addresses
 * tracked per minute; IPv6 clients are counted per /64, since one host commonly holds a whole /64.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class CreationRateFilter extends OncePerRequestFilter {

    /** Shared by the addresses that arrive once the table is full, so a flood of addresses cannot grow memory. */
    static final String OVERFLOW = "overflow";

    private final CreationLimits limits;
    private final AuthenticateApiKeyUseCase authenticate;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Window keys;
    private final Window invoices;

    /** What a request creates, as named in its refusal: its plural for the message and the error's stable code. */
    private record Creation(String plural, String code) {
        static final Creation KEY = new Creation("keys", "key_creation_rate_limited");
        static final Creation INVOICE = new Creation("Lightning invoices", "invoice_creation_rate_limited");
    }

    @Autowired
    public CreationRateFilter(CreationLimits limits, AuthenticateApiKeyUseCase authenticate, ObjectMapper mapper) {
        this(limits, authenticate, mapper, Clock.systemUTC());
    }

    CreationRateFilter(
            CreationLimits limits, AuthenticateApiKeyUseCase authenticate, ObjectMapper mapper, Clock clock) {
        this.limits = limits;
        this.authenticate = authenticate;
        this.mapper = mapper;
        this.clock = clock;
        this.keys = new Window(limits.trackedAddresses());
        this.invoices = new Window(limits.trackedAddresses());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Duration> refused = Optional.empty();
        Creation creation = Creation.KEY;
        if (limits.invoicesPerMinute() > 0 && createsInvoice(request)) {
            creation = Creation.INVOICE;
            refused = invoices.take(clientOf(request), limits.invoicesPerMinute(), clock.instant());
        } else if (limits.keysPerMinute() > 0 && createsKey(request)) {
            refused = keys.take(clientOf(request), limits.keysPerMinute(), clock.instant());
        }
        if (refused.isPresent()) {
            refuse(request, response, creation, refused.get());
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean createsInvoice(HttpServletRequest request) {
        String path = pathOf(request);
        return "POST".equals(request.getMethod())
                && (path.equals("/lightning/invoice") || path.equals("/v1/balance/lightning/invoice"));
    }

    private boolean createsKey(HttpServletRequest request) {
        String path = pathOf(request);
        if (path.equals("/v1/balance/create") || path.equals("/v1/wallet/create")) {
            return true;
        }
        if (path.equals("/v1/balance/refund") || path.equals("/v1/wallet/refund")) {
            return false; // a refund only looks a token's key up, it never opens one
        }
        String xCashu = request.getHeader("X-Cashu");
        if (xCashu != null && !xCashu.isBlank()) {
            return isNewToken(xCashu.strip());
        }
        return BearerCredential.parse(Optional.ofNullable(request.getHeader(HttpHeaders.AUTHORIZATION)))
                        instanceof BearerCredential.CashuToken token
                && isNewToken(token.token());
    }

    /** A token whose key exists was redeemed before: using it again costs a lookup, not a mint call. */
    private boolean isNewToken(String token) {
        return authenticate.authenticate(ApiKeySecret.derivedFromToken(token)).isEmpty();
    }

    private static String pathOf(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /**
     * The client's address: the connection's remote address, or, when a trusted proxy is configured, the last entry
     * of its header (the one the proxy itself appended; earlier entries are whatever the client sent).
     */
    String clientOf(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        if (limits.clientAddressHeader().isPresent()) {
            String forwarded = request.getHeader(limits.clientAddressHeader().get());
            if (forwarded != null && !forwarded.isBlank()) {
                String[] hops = forwarded.split(",");
                address = hops[hops.length - 1].strip();
            }
        }
        return normalise(address == null ? "" : address);
    }

    /** IPv6 addresses count per /64 (their first four groups); anything else as given, lower-cased and capped. */
    static String normalise(String address) {
        String value = address.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("[") && value.contains("]")) {
            value = value.substring(1, value.indexOf(']'));
        }
        if (value.length() > 64) {
            value = value.substring(0, 64);
        }
        if (!value.contains(":")) {
            return value;
        }
        if (value.contains(".")) {
            return value.substring(value.lastIndexOf(':') + 1); // an IPv4 address written as IPv6 (::ffff:a.b.c.d)
        }
        // Only the first four of the eight groups matter; "::" stands for the zero groups between head and tail.
        int gap = value.indexOf("::");
        String head = gap < 0 ? value : value.substring(0, gap);
        String[] groups = head.isEmpty() ? new String[0] : head.split(":");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            prefix.append(Integer.toHexString(i < groups.length ? parseGroup(groups[i]) : 0))
                    .append(':');
        }
        return prefix.append(":/64").toString();
    }

    private static int parseGroup(String group) {
        try {
            return group.isEmpty() || group.contains(".") ? 0 : Integer.parseInt(group, 16) & 0xffff;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void refuse(
            HttpServletRequest request, HttpServletResponse response, Creation creation, Duration retryAfter)
            throws IOException {
        long seconds = Math.max(1, retryAfter.toSeconds() + (retryAfter.toMillisPart() > 0 ? 1 : 0));
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        mapper.writeValue(
                response.getOutputStream(),
                ApiError.of(
                        "Too many " + creation.plural() + " created from this address; retry after " + seconds + " s",
                        "rate_limit_error",
                        creation.code(),
                        RequestIdFilter.idOf(request)));
    }

    /**
     * Counts per address in a sliding minute, estimated from two fixed ones: the previous minute's count weighted by
     * how much of it still lies within the last 60 s, plus the current minute's. A fixed window alone would admit
     * twice the limit across a minute's turn; this keeps the memory of two tables and bounds that burst.
     */
    private static final class Window {
        private static final long SECONDS = 60;
        private final int trackedAddresses;
        private long minute = Long.MIN_VALUE;
        private Map<String, AtomicInteger> previous = Map.of();
        private Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        Window(int trackedAddresses) {
            this.trackedAddresses = trackedAddresses;
        }

        /** Counts one creation by {@code client}, or answers how long until it may create again. */
        Optional<Duration> take(String client, int perMinute, Instant now) {
            long current = Math.floorDiv(now.getEpochSecond(), SECONDS);
            Map<String, AtomicInteger> table;
            Map<String, AtomicInteger> before;
            synchronized (this) {
                if (current != minute) {
                    previous = current == minute + 1 ? counts : Map.of();
                    minute = current;
                    counts = new ConcurrentHashMap<>();
                }
                table = counts;
                before = previous;
            }
            String key = table.containsKey(client) || table.size() < trackedAddresses ? client : OVERFLOW;
            Instant minuteStart = Instant.ofEpochSecond(current * SECONDS);
            double elapsed = Duration.between(minuteStart, now).toMillis() / 1000.0;
            int earlier =
                    Optional.ofNullable(before.get(key)).map(AtomicInteger::get).orElse(0);
            double carried = earlier * (1 - elapsed / SECONDS);
            AtomicInteger count = table.computeIfAbsent(key, k -> new AtomicInteger());
            int inThisMinute = count.incrementAndGet();
            if (carried + inThisMinute > perMinute) {
                count.decrementAndGet();
                return Optional.of(retryAfter(earlier, inThisMinute - 1, perMinute, elapsed));
            }
            return Optional.empty();
        }

        /** When the previous minute's share has decayed enough for one more, or this minute has ended. */
        private static Duration retryAfter(int earlier, int inThisMinute, int perMinute, double elapsed) {
            double untilMinuteEnds = SECONDS - elapsed;
            double wait = untilMinuteEnds;
            if (inThisMinute + 1 <= perMinute && earlier > 0) {
                double weightAllowed = (perMinute - inThisMinute - 1) / (double) earlier;
                wait = Math.min(untilMinuteEnds, SECONDS * (1 - weightAllowed) - elapsed);
            }
            return Duration.ofMillis((long) Math.ceil(Math.max(wait, 0.001) * 1000));
        }
    }
}
