package io.routstr.gateway.rest.admin;

import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase;
import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase.AdminPrincipal;
import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase.LoginOutcome;
import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase.PasswordChangeOutcome;
import io.routstr.gateway.application.port.in.admin.AdminKeysUseCase;
import io.routstr.gateway.application.port.in.admin.AdminKeysUseCase.KeyChange;
import io.routstr.gateway.application.port.in.admin.AdminProvidersUseCase;
import io.routstr.gateway.application.port.in.admin.AdminProvidersUseCase.EditProviderCommand;
import io.routstr.gateway.application.port.in.admin.AdminProvidersUseCase.NewProviderCommand;
import io.routstr.gateway.application.port.in.admin.AdminReportsUseCase;
import io.routstr.gateway.application.port.in.admin.AdminTokensUseCase;
import io.routstr.gateway.application.port.in.admin.EditSettingsUseCase;
import io.routstr.gateway.application.port.in.admin.RevealSeedUseCase;
import io.routstr.gateway.application.port.in.admin.WithdrawOwnerFundsUseCase;
import io.routstr.gateway.application.port.in.admin.WithdrawOwnerFundsUseCase.WithdrawCommand;
import io.routstr.gateway.application.port.in.admin.WithdrawOwnerFundsUseCase.WithdrawalOutcome;
import io.routstr.gateway.application.port.in.ledger.CheckLedgerInvariantUseCase;
import io.routstr.gateway.application.port.in.payout.ListOwnerPayoutsUseCase;
import io.routstr.gateway.application.port.in.wallet.ViewWalletBalancesUseCase;
import io.routstr.gateway.domain.admin.UsageBucket;
import io.routstr.gateway.domain.key.BalanceLimit;
import io.routstr.gateway.domain.key.KeyHash;
import io.routstr.gateway.domain.key.LimitResetPeriod;
import io.routstr.gateway.domain.key.RateLimits;
import io.routstr.gateway.domain.mint.CurrencyUnit;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.domain.money.Msats;
import io.routstr.gateway.domain.pricing.ProviderFee;
import io.routstr.gateway.domain.provider.PriceOverride;
import io.routstr.gateway.domain.provider.ProviderId;
import io.routstr.gateway.domain.provider.ProviderSecret;
import io.routstr.gateway.domain.provider.ProviderType;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The dashboard at {@code /admin}: server-rendered pages over the same use cases as the admin API. Every form carries
 * the session's CSRF token, checked by {@link AdminAuthFilter}; a result worth showing once (a new API token, the
 * seed, a withdrawn token) is rendered into the answer of the POST itself and never stored for a later page.
 */
@Controller
@Hidden // HTML pages, not API: the admin API is documented by its own controllers
record AdminDashboardController(
        AdminAccessUseCase access,
        AdminTokensUseCase tokens,
        RevealSeedUseCase seed,
        AdminKeysUseCase keys,
        AdminProvidersUseCase providers,
        ViewWalletBalancesUseCase balances,
        WithdrawOwnerFundsUseCase withdrawals,
        CheckLedgerInvariantUseCase invariant,
        AdminReportsUseCase reports,
        EditSettingsUseCase settings,
        ListOwnerPayoutsUseCase payouts) {

    @GetMapping("/admin/login")
    String loginPage() {
        return "admin/login";
    }

    @PostMapping("/admin/login")
    String logIn(
            @RequestParam(defaultValue = "") String password,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        if (access.logIn(password) instanceof LoginOutcome.LoggedIn in) {
            AdminCookies.set(request, response, in.sessionToken(), in.expiresIn());
            return "redirect:/admin";
        }
        model.addAttribute("error", "Wrong password");
        response.setStatus(401);
        return "admin/login";
    }

    @PostMapping("/admin/logout")
    String logOut(HttpServletRequest request, HttpServletResponse response) {
        AdminCookies.session(request).ifPresent(access::logOut);
        AdminCookies.clear(request, response);
        return "redirect:/admin/login";
    }

    @GetMapping({"/admin", "/admin/"})
    String overview(HttpServletRequest request, Model model) {
        page(request, model, "overview");
        List<UsageBucket> hours = reports.usage(UsageBucket.Granularity.HOUR, 24);
        long requests = hours.stream().mapToLong(UsageBucket::requests).sum();
        long failed = hours.stream().mapToLong(UsageBucket::failed).sum();
        Msats revenue = hours.stream().map(UsageBucket::spent).reduce(Msats.ZERO, Msats::plus);
        model.addAttribute("balances", balances.balances());
        model.addAttribute("invariant", invariant.check());
        model.addAttribute("requests", requests);
        model.addAttribute("failed", failed);
        model.addAttribute("revenueMsats", revenue.value());
        model.addAttribute("chart", UsageChart.of(hours));
        model.addAttribute("days", reports.usage(UsageBucket.Granularity.DAY, 14));
        return "admin/overview";
    }

    @GetMapping("/admin/keys")
    String keys(
            @RequestParam(defaultValue = "") String search,
            @RequestParam(defaultValue = "0") int offset,
            HttpServletRequest request,
            Model model) {
        page(request, model, "keys");
        model.addAttribute("search", search);
        model.addAttribute("page", keys.search(search, 50, offset));
        return "admin/keys";
    }

    @GetMapping("/admin/keys/{hash}")
    String key(@PathVariable String hash, HttpServletRequest request, Model model) {
        page(request, model, "keys");
        model.addAttribute(
                "detail",
                keys.describe(new KeyHash(hash)).orElseThrow(() -> new IllegalArgumentException("no such key")));
        return "admin/key";
    }

    @PostMapping("/admin/keys/{hash}")
    String editKey(
            @PathVariable String hash,
            @RequestParam(defaultValue = "") String balanceLimit,
            @RequestParam(defaultValue = "") String balanceLimitReset,
            @RequestParam(defaultValue = "") String validUntil,
            @RequestParam(defaultValue = "") String requestsPerMinute,
            @RequestParam(defaultValue = "") String tokensPerMinute,
            @RequestParam(defaultValue = "") String maxConcurrent,
            RedirectAttributes redirect) {
        KeyHash keyHash = new KeyHash(hash);
        Optional<BalanceLimit> limit = number(balanceLimit)
                .map(msats -> BalanceLimit.of(Msats.of(msats), LimitResetPeriod.fromWire(balanceLimitReset)));
        keys.edit(
                keyHash,
                new KeyChange(
                        limit,
                        validUntil.isBlank()
                                ? Optional.empty()
                                : Optional.of(LocalDate.parse(validUntil.strip())
                                        .atStartOfDay()
                                        .toInstant(ZoneOffset.UTC)),
                        new RateLimits(
                                number(requestsPerMinute)
                                        .map(n -> OptionalInt.of(Math.toIntExact(n)))
                                        .orElse(OptionalInt.empty()),
                                number(tokensPerMinute).map(OptionalLong::of).orElse(OptionalLong.empty()),
                                number(maxConcurrent)
                                        .map(n -> OptionalInt.of(Math.toIntExact(n)))
                                        .orElse(OptionalInt.empty()))));
        redirect.addFlashAttribute("notice", "Limits saved");
        return "redirect:/admin/keys/" + keyHash.value();
    }

    @PostMapping("/admin/keys/{hash}/revoke")
    String revokeKey(@PathVariable String hash, RedirectAttributes redirect) {
        KeyHash keyHash = new KeyHash(hash);
        keys.revoke(keyHash);
        redirect.addFlashAttribute("notice", "Key revoked");
        return "redirect:/admin/keys/" + keyHash.value();
    }

    @GetMapping("/admin/providers")
    String providers(HttpServletRequest request, Model model) {
        page(request, model, "providers");
        model.addAttribute(
                "providers",
                providers.providers().stream().map(AdminViews::provider).toList());
        model.addAttribute(
                "types",
                Arrays.stream(ProviderType.values()).map(ProviderType::wireName).toList());
        model.addAttribute("overrides", providers.priceOverrides());
        return "admin/providers";
    }

    @PostMapping("/admin/providers")
    String addProvider(
            @RequestParam String providerType,
            @RequestParam(defaultValue = "") String baseUrl,
            @RequestParam(defaultValue = "") String apiKey,
            @RequestParam(defaultValue = "1.01") String providerFee,
            RedirectAttributes redirect) {
        providers.add(new NewProviderCommand(
                ProviderType.fromName(providerType).orElseThrow(() -> new IllegalArgumentException("unknown type")),
                baseUrl,
                apiKey.isBlank() ? Optional.empty() : Optional.of(ProviderSecret.of(apiKey)),
                ProviderFee.of(providerFee.strip()),
                true,
                Optional.empty()));
        redirect.addFlashAttribute("notice", "Provider added");
        return "redirect:/admin/providers";
    }

    @PostMapping("/admin/providers/{id}")
    String editProvider(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String baseUrl,
            @RequestParam(defaultValue = "") String apiKey,
            @RequestParam(defaultValue = "") String providerFee,
            @RequestParam(defaultValue = "") String enabled,
            RedirectAttributes redirect) {
        providers.edit(
                new ProviderId(id),
                new EditProviderCommand(
                        Optional.of(baseUrl),
                        apiKey.isBlank() ? Optional.empty() : Optional.of(ProviderSecret.of(apiKey)),
                        providerFee.isBlank() ? Optional.empty() : Optional.of(ProviderFee.of(providerFee.strip())),
                        enabled.isBlank() ? Optional.empty() : Optional.of(Boolean.parseBoolean(enabled)),
                        Optional.empty()));
        redirect.addFlashAttribute("notice", "Provider saved");
        return "redirect:/admin/providers";
    }

    @PostMapping("/admin/prices")
    String overridePrice(
            @RequestParam String modelId,
            @RequestParam String prompt,
            @RequestParam String completion,
            @RequestParam(defaultValue = "0") String request,
            @RequestParam(defaultValue = "true") boolean enabled,
            RedirectAttributes redirect) {
        providers.overridePrice(new PriceOverride(
                modelId.strip(),
                new BigDecimal(prompt.strip()),
                new BigDecimal(completion.strip()),
                new BigDecimal(request.strip()),
                Optional.empty(),
                Optional.empty(),
                enabled));
        redirect.addFlashAttribute("notice", "Price saved");
        return "redirect:/admin/providers";
    }

    @GetMapping("/admin/transactions")
    String transactions(@RequestParam(defaultValue = "") String type, HttpServletRequest request, Model model) {
        page(request, model, "transactions");
        model.addAttribute("type", type);
        model.addAttribute("entryTypes", io.routstr.gateway.domain.ledger.LedgerEntryType.values());
        model.addAttribute(
                "entries",
                reports.transactions(
                        type.isBlank()
                                ? Optional.empty()
                                : Optional.of(io.routstr.gateway.domain.ledger.LedgerEntryType.valueOf(type)),
                        100,
                        0));
        model.addAttribute("invoices", reports.invoices(Optional.empty(), 50, 0));
        model.addAttribute("withdrawals", reports.withdrawals(50));
        model.addAttribute("payouts", payouts.recent(50));
        model.addAttribute("operations", reports.cashuOperations(50, 0));
        return "admin/transactions";
    }

    @GetMapping("/admin/settings")
    String settings(HttpServletRequest request, Model model) {
        settingsPage(request, model);
        return "admin/settings";
    }

    @PostMapping("/admin/settings/password")
    String changePassword(
            @RequestParam String currentPassword,
            @RequestParam String newPassword,
            HttpServletRequest request,
            Model model) {
        PasswordChangeOutcome outcome = access.changePassword(currentPassword, newPassword);
        if (outcome instanceof PasswordChangeOutcome.Changed) {
            return "redirect:/admin/login"; // every session ended with the change
        }
        settingsPage(request, model);
        model.addAttribute(
                "error",
                outcome instanceof PasswordChangeOutcome.TooShort t
                        ? "The new password needs at least " + t.minimum() + " characters"
                        : "The current password is wrong");
        return "admin/settings";
    }

    @PostMapping("/admin/settings/tokens")
    String issueToken(
            @RequestParam String name,
            @RequestParam(defaultValue = "") String expiresInDays,
            HttpServletRequest request,
            Model model) {
        AdminTokensUseCase.IssuedToken issued =
                tokens.issue(name, number(expiresInDays).map(Math::toIntExact));
        settingsPage(request, model);
        model.addAttribute("issuedToken", issued.token());
        return "admin/settings";
    }

    @PostMapping("/admin/settings/tokens/{id}/revoke")
    String revokeToken(@PathVariable String id, RedirectAttributes redirect) {
        tokens.revoke(UUID.fromString(id));
        redirect.addFlashAttribute("notice", "Token revoked");
        return "redirect:/admin/settings";
    }

    @PostMapping("/admin/settings/seed")
    String revealSeed(@RequestParam String password, HttpServletRequest request, Model model) {
        settingsPage(request, model);
        switch (seed.reveal(password)) {
            case RevealSeedUseCase.SeedOutcome.Revealed revealed -> model.addAttribute("mnemonic", revealed.mnemonic());
            case RevealSeedUseCase.SeedOutcome.WrongPassword wrong ->
                model.addAttribute("error", "Wrong password: the seed stays hidden");
        }
        return "admin/settings";
    }

    @GetMapping("/admin/withdrawal")
    String withdrawal(HttpServletRequest request, Model model) {
        page(request, model, "withdrawal");
        model.addAttribute("balances", balances.balances());
        return "admin/withdrawal";
    }

    @PostMapping("/admin/withdrawal")
    String withdraw(
            @RequestParam String mintUrl,
            @RequestParam(defaultValue = "sat") String unit,
            @RequestParam long amount,
            @RequestParam(defaultValue = "") String lightningAddress,
            HttpServletRequest request,
            Model model) {
        WithdrawalOutcome outcome = withdrawals.withdraw(new WithdrawCommand(
                MintUrl.of(mintUrl),
                CurrencyUnit.of(unit),
                amount,
                lightningAddress.isBlank() ? Optional.empty() : Optional.of(lightningAddress)));
        page(request, model, "withdrawal");
        model.addAttribute("balances", balances.balances());
        switch (outcome) {
            case WithdrawalOutcome.Paid paid -> {
                model.addAttribute(
                        "notice",
                        "Withdrew " + paid.amount() + " " + paid.unit().code());
                paid.token().ifPresent(token -> model.addAttribute("withdrawnToken", token));
            }
            case WithdrawalOutcome.InsufficientOwnerFunds short_ ->
                model.addAttribute(
                        "error",
                        "Refused: only " + short_.available() + " " + unit
                                + " of owner funds can be withdrawn there; customer balances stay in the wallet");
            case WithdrawalOutcome.Failed failed -> model.addAttribute("error", "Failed: nothing was paid");
            case WithdrawalOutcome.Unknown unknown ->
                model.addAttribute("error", "The mint has not confirmed the payment; the amount stays claimed");
        }
        return "admin/withdrawal";
    }

    private void settingsPage(HttpServletRequest request, Model model) {
        page(request, model, "settings");
        model.addAttribute("settings", settings.settings());
        model.addAttribute("editable", settings.editable());
        model.addAttribute("tokens", tokens.list());
    }

    static void page(HttpServletRequest request, Model model, String name) {
        model.addAttribute("active", name);
        Object principal = request.getAttribute(AdminAuthFilter.PRINCIPAL);
        model.addAttribute(
                "csrf", principal instanceof AdminPrincipal p ? p.csrfToken().orElse("") : "");
    }

    private static Optional<Long> number(String text) {
        String clean = text == null ? "" : text.strip().replace("_", "");
        if (clean.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(clean));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: " + clean);
        }
    }

    /**
     * The overview's bar chart, computed here so that the page needs no script: one slot per hour of the last 24 (an
     * hour with no request keeps its empty slot), bars scaled to the busiest hour.
     */
    record UsageChart(List<Bar> bars, long max, int width, int height) {
        record Bar(int x, int y, int width, int height, String label) {}

        private static final int HOURS = 24;

        static UsageChart of(List<UsageBucket> buckets) {
            return of(buckets, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS));
        }

        static UsageChart of(List<UsageBucket> buckets, java.time.Instant currentHour) {
            int width = 720;
            int height = 160;
            int slot = width / HOURS;
            long max = Math.max(
                    1, buckets.stream().mapToLong(UsageBucket::requests).max().orElse(1));
            List<Bar> bars = new ArrayList<>();
            for (UsageBucket b : buckets) {
                long hoursAgo =
                        java.time.Duration.between(b.start(), currentHour).toHours();
                if (hoursAgo < 0 || hoursAgo >= HOURS) {
                    continue;
                }
                int h = (int) Math.round((double) b.requests() / max * (height - 20));
                bars.add(new Bar(
                        (int) (HOURS - 1 - hoursAgo) * slot + 2,
                        height - h,
                        slot - 4,
                        h,
                        b.start().toString().substring(11, 16) + " UTC: " + b.requests() + " requests, " + b.failed()
                                + " failed, " + b.spent().value() + " msats"));
            }
            return new UsageChart(bars, max, width, height);
        }
    }
}
