package io.routstr.gateway.rest.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.routstr.gateway.application.port.in.admin.AdminKeysUseCase;
import io.routstr.gateway.application.port.in.admin.AdminKeysUseCase.KeyChange;
import io.routstr.gateway.application.port.in.admin.AdminKeysUseCase.KeyDetail;
import io.routstr.gateway.domain.admin.KeyPage;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.key.LimitResetPeriod;
import io.routstr.gateway.domain.key.RateLimits;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.rest.error.ErrorResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** API keys for the operator: Routstr's {@code temporary-balances} page and {@code apikeys/{hashed_key}}. */
@RestController
@Tag(name = "Admin", description = "The operator's API: a session or an admin API token (docs/admin.md)")
@RequestMapping("/admin/api")
record AdminKeysController(AdminKeysUseCase keys) {

    @GetMapping("/temporary-balances")
    Map<String, Object> search(
            @RequestParam(defaultValue = "") String search,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        KeyPage page = keys.search(search, limit, offset);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("total_balance", page.totalBalance().value());
        totals.put("total_spent", page.totalSpent().value());
        totals.put("total_requests", page.totalRequests());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("balances", page.keys().stream().map(AdminViews::key).toList());
        answer.put("total", page.total());
        answer.put("totals", totals);
        return answer;
    }

    @GetMapping("/apikeys/{hashedKey}")
    ResponseEntity<?> describe(@PathVariable String hashedKey, HttpServletRequest request) {
        return keys.describe(new KeyHash(hashedKey))
                .<ResponseEntity<?>>map(detail -> ResponseEntity.ok(detail(detail)))
                .orElseGet(() -> notFound(request));
    }

    /**
     * Changes what the body names: {@code balance_limit} (msats) with {@code balance_limit_reset}, {@code
     * validity_date} (epoch seconds), {@code requests_per_minute}, {@code tokens_per_minute}, {@code max_concurrent};
     * null clears a limit, an absent field keeps it.
     */
    @PatchMapping("/apikeys/{hashedKey}")
    ResponseEntity<?> edit(@PathVariable String hashedKey, @RequestBody JsonNode body, HttpServletRequest request) {
        JsonNode json = AdminRequests.object(body);
        KeyHash hash = new KeyHash(hashedKey);
        Optional<KeyDetail> current = keys.describe(hash);
        if (current.isEmpty()) {
            return notFound(request);
        }
        KeyChange change = change(current.get(), json);
        keys.edit(hash, change);
        return ResponseEntity.ok(detail(keys.describe(hash).orElseThrow()));
    }

    @PostMapping("/apikeys/{hashedKey}/revoke")
    ResponseEntity<?> revoke(@PathVariable String hashedKey, HttpServletRequest request) {
        if (!keys.revoke(new KeyHash(hashedKey))) {
            return notFound(request);
        }
        return ResponseEntity.ok(Map.of("ok", true));
    }

    static KeyChange change(KeyDetail current, JsonNode json) {
        Optional<BalanceLimit> limit = current.key().balanceLimit();
        Optional<Optional<Long>> newLimit = AdminRequests.nullableLong(json, "balance_limit");
        Optional<String> reset = AdminRequests.text(json, "balance_limit_reset");
        if (newLimit.isPresent() || reset.isPresent()) {
            Optional<Long> amount = newLimit.orElse(limit.map(l -> l.limit().value()));
            LimitResetPeriod period = reset.map(LimitResetPeriod::fromWire)
                    .orElse(limit.map(BalanceLimit::resetPeriod).orElse(LimitResetPeriod.NEVER));
            limit = amount.map(msats -> BalanceLimit.of(Msats.of(msats), period));
        }
        Optional<Instant> validUntil = AdminRequests.nullableLong(json, "validity_date")
                .map(v -> v.map(Instant::ofEpochSecond))
                .orElse(current.key().validUntil());
        RateLimits rates = current.rateLimits();
        RateLimits newRates = new RateLimits(
                AdminRequests.nullableLong(json, "requests_per_minute")
                        .map(v -> v.map(n -> OptionalInt.of(Math.toIntExact(n))).orElse(OptionalInt.empty()))
                        .orElse(rates.requestsPerMinute()),
                AdminRequests.nullableLong(json, "tokens_per_minute")
                        .map(v -> v.map(OptionalLong::of).orElse(OptionalLong.empty()))
                        .orElse(rates.tokensPerMinute()),
                AdminRequests.nullableLong(json, "max_concurrent")
                        .map(v -> v.map(n -> OptionalInt.of(Math.toIntExact(n))).orElse(OptionalInt.empty()))
                        .orElse(rates.maxConcurrent()));
        return new KeyChange(limit, validUntil, newRates);
    }

    static Map<String, Object> detail(KeyDetail detail) {
        Map<String, Object> answer = new LinkedHashMap<>(AdminViews.key(detail.key()));
        answer.put("rate_limits", AdminViews.rateLimits(detail.rateLimits()));
        answer.put("history", detail.history().stream().map(AdminViews::entry).toList());
        return answer;
    }

    private static ResponseEntity<?> notFound(HttpServletRequest request) {
        return ErrorResponses.of(
                HttpStatus.NOT_FOUND, "No such key", "invalid_request_error", "key_not_found", request);
    }
}
