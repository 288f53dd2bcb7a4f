package io.routstr.gateway.application.service.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.routstr.gateway.application.fake.FakePasswordHash;
import io.routstr.gateway.application.fake.InMemoryAdminAccess;
import io.routstr.gateway.application.fake.MutableClock;
import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase.AdminPrincipal;
import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase.LoginOutcome;
import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase.PasswordChangeOutcome;
import io.routstr.gateway.application.port.out.admin.AdminSessionPort;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminAccessServiceTest {

    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    private final InMemoryAdminAccess store = new InMemoryAdminAccess();
    private final FakePasswordHash hasher = new FakePasswordHash();
    private final AdminAccessService access =
            new AdminAccessService(store, hasher, store, store, clock, Duration.ofHours(1));
    private final AdminTokensService tokens = new AdminTokensService(store, clock);

    private String logIn(String password) {
        return ((LoginOutcome.LoggedIn) access.logIn(password)).sessionToken();
    }

    @Test
    void onFirstStartAGeneratedPasswordIsHandedOutOnce_andAConfiguredOneIsStoredWithoutBeingHandedOut() {
        Optional<String> generated = access.initializePassword(Optional.empty());
        Optional<String> later = access.initializePassword(Optional.of("configured later"));

        assertThat(generated).hasValueSatisfying(p -> assertThat(p).hasSize(32));
        assertThat(later).isEmpty();
        assertThat(access.logIn(generated.get())).isInstanceOf(LoginOutcome.LoggedIn.class);

        store.forgetPassword();
        assertThat(access.initializePassword(Optional.of("from the environment")))
                .isEmpty();
        assertThat(access.logIn("from the environment")).isInstanceOf(LoginOutcome.LoggedIn.class);
    }

    @Test
    void withoutAPassword_noOneLogsIn() {
        assertThat(access.logIn("anything")).isInstanceOf(LoginOutcome.NoPasswordSet.class);
    }

    @Test
    void aSessionIsStoredAsAHashAndEndsAtItsExpiry() {
        access.initializePassword(Optional.of("the password"));

        LoginOutcome.LoggedIn in = (LoginOutcome.LoggedIn) access.logIn("the password");

        assertThat(in.sessionToken()).startsWith("ras_");
        assertThat(store.sessions())
                .extracting(AdminSessionPort.Session::tokenHash)
                .doesNotContain(in.sessionToken())
                .contains(AdminSecrets.sha256(in.sessionToken()));
        assertThat(in.toString()).doesNotContain(in.sessionToken()).doesNotContain(in.csrfToken());
        assertThat(access.authenticate(in.sessionToken()))
                .contains(new AdminPrincipal(AdminPrincipal.Kind.SESSION, Optional.of(in.csrfToken())));
        clock.advance(Duration.ofMinutes(61));
        assertThat(access.authenticate(in.sessionToken())).isEmpty();
    }

    @Test
    void aWrongPasswordOpensNoSession() {
        access.initializePassword(Optional.of("the password"));

        assertThat(access.logIn("the passwore")).isInstanceOf(LoginOutcome.WrongPassword.class);
        assertThat(store.sessions()).isEmpty();
    }

    @Test
    void loggingOutEndsThatSessionOnly() {
        access.initializePassword(Optional.of("the password"));
        String first = logIn("the password");
        String second = logIn("the password");

        access.logOut(first);

        assertThat(access.authenticate(first)).isEmpty();
        assertThat(access.authenticate(second)).isPresent();
    }

    @Test
    void changingThePassword_needsTheCurrentOneAndEightCharacters_andEndsEverySession() {
        access.initializePassword(Optional.of("the password"));
        String session = logIn("the password");

        assertThat(access.changePassword("wrong", "a new password"))
                .isInstanceOf(PasswordChangeOutcome.WrongCurrentPassword.class);
        assertThat(access.changePassword("the password", "short")).isEqualTo(new PasswordChangeOutcome.TooShort(8));
        assertThat(access.changePassword("the password", "a new password"))
                .isInstanceOf(PasswordChangeOutcome.Changed.class);
        assertThat(access.authenticate(session)).isEmpty();
        assertThat(access.logIn("the password")).isInstanceOf(LoginOutcome.WrongPassword.class);
        assertThat(access.confirmPassword("a new password")).isTrue();
    }

    @Test
    void anApiTokenWorksUntilRevokedOrExpired_andIsStoredAsAHashWithAPreview() {
        var forever = tokens.issue("cron", Optional.empty());
        var month = tokens.issue("report", Optional.of(30));

        assertThat(forever.token()).startsWith("rat_");
        assertThat(forever.toString()).doesNotContain(forever.token());
        assertThat(store.findAll()).allSatisfy(t -> assertThat(t.tokenHash()).isNotIn(forever.token(), month.token()));
        assertThat(access.authenticate(forever.token()))
                .contains(new AdminPrincipal(AdminPrincipal.Kind.API_TOKEN, Optional.empty()));
        assertThat(tokens.revoke(forever.view().id())).isTrue();
        assertThat(tokens.revoke(forever.view().id())).isFalse();
        assertThat(access.authenticate(forever.token())).isEmpty();
        assertThat(access.authenticate(month.token())).isPresent();
        clock.advance(Duration.ofDays(30));
        assertThat(access.authenticate(month.token())).isEmpty();
    }

    @Test
    void somethingThatIsNeitherASessionNorAToken_isNoOne() {
        assertThat(access.authenticate("sk-" + "a".repeat(64))).isEmpty();
        assertThat(access.authenticate("")).isEmpty();
        assertThat(access.authenticate(null)).isEmpty();
    }
}
