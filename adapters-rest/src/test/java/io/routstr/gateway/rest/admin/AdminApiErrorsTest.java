package io.routstr.gateway.rest.admin;

import static io.routstr.gateway.rest.error.ErrorSlice.openAiError;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase;
import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase.AdminPrincipal;
import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase.LoginOutcome;
import io.routstr.gateway.application.port.in.admin.AdminAccessUseCase.PasswordChangeOutcome;
import io.routstr.gateway.application.port.in.admin.AdminKeysUseCase;
import io.routstr.gateway.application.port.in.admin.AdminProvidersUseCase;
import io.routstr.gateway.application.port.in.admin.AdminTokensUseCase;
import io.routstr.gateway.application.port.in.admin.RevealSeedUseCase.SeedOutcome;
import io.routstr.gateway.rest.error.ErrorSlice;
import jakarta.servlet.http.Cookie;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Every error of the admin API on the wire, behind its real gate ({@link AdminAuthFilter}) and advice
 * ({@link AdminApiAdvice}): 401 without a live credential, 403 for a cookie request without its CSRF token, 400 for
 * bad input (never a 500), 404 for what does not exist; and the dashboard's answers to the same.
 */
class AdminApiErrorsTest {

    private static final String SESSION = "session-token";
    private static final String CSRF = "csrf-token";
    private static final String API_TOKEN = "admin-api-token";

    private LoginOutcome login = new LoginOutcome.WrongPassword();
    private PasswordChangeOutcome passwordChange = new PasswordChangeOutcome.WrongCurrentPassword();

    /** Knows one session (with its CSRF token) and one API token; scripts the other answers. */
    private final AdminAccessUseCase access = new AdminAccessUseCase() {
        @Override
        public Optional<String> initializePassword(Optional<String> configured) {
            return Optional.empty();
        }

        @Override
        public LoginOutcome logIn(String password) {
            return login;
        }

        @Override
        public void logOut(String sessionToken) {}

        @Override
        public Optional<AdminPrincipal> authenticate(String credential) {
            return switch (credential) {
                case SESSION -> Optional.of(new AdminPrincipal(AdminPrincipal.Kind.SESSION, Optional.of(CSRF)));
                case API_TOKEN -> Optional.of(new AdminPrincipal(AdminPrincipal.Kind.API_TOKEN, Optional.empty()));
                default -> Optional.empty();
            };
        }

        @Override
        public boolean confirmPassword(String password) {
            return false;
        }

        @Override
        public PasswordChangeOutcome changePassword(String currentPassword, String newPassword) {
            return passwordChange;
        }
    };

    private final AdminTokensUseCase tokens = new AdminTokensUseCase() {
        @Override
        public IssuedToken issue(String name, Optional<Integer> expiresInDays) {
            throw new AssertionError("bad input never issues a token");
        }

        @Override
        public List<TokenView> list() {
            return List.of();
        }

        @Override
        public boolean revoke(UUID id) {
            return false;
        }
    };

    /** No key exists. */
    private final AdminKeysUseCase keys = new AdminKeysUseCase() {
        @Override
        public io.routstr.gateway.domain.admin.KeyPage search(String hashPrefix, int limit, int offset) {
            throw new AssertionError("not searched here");
        }

        @Override
        public Optional<KeyDetail> describe(io.routstr.gateway.domain.key.KeyHash hash) {
            return Optional.empty();
        }

        @Override
        public boolean edit(io.routstr.gateway.domain.key.KeyHash hash, KeyChange change) {
            return false;
        }

        @Override
        public boolean revoke(io.routstr.gateway.domain.key.KeyHash hash) {
            return false;
        }
    };

    /** No provider exists. */
    private final AdminProvidersUseCase providers = new AdminProvidersUseCase() {
        @Override
        public List<io.routstr.gateway.domain.provider.UpstreamProvider> providers() {
            return List.of();
        }

        @Override
        public io.routstr.gateway.domain.provider.UpstreamProvider add(NewProviderCommand command) {
            throw new AssertionError("bad input never adds a provider");
        }

        @Override
        public boolean edit(io.routstr.gateway.domain.provider.ProviderId id, EditProviderCommand command) {
            return false;
        }

        @Override
        public List<io.routstr.gateway.domain.provider.PriceOverride> priceOverrides() {
            return List.of();
        }

        @Override
        public void overridePrice(io.routstr.gateway.domain.provider.PriceOverride override) {}
    };

    private final MockMvc mvc = ErrorSlice.of(
            List.of(new AdminAuthFilter(access, new ObjectMapper())),
            List.of(new AdminApiAdvice(), new AdminDashboardAdvice()),
            new AdminAccessController(access, tokens, password -> new SeedOutcome.WrongPassword()),
            new AdminKeysController(keys),
            new AdminProvidersController(providers),
            // The dashboard routes tested here reach none of the use cases after these.
            new AdminDashboardController(access, tokens, null, keys, providers, null, null, null, null, null, null));

    private static final String UNKNOWN_HASH = "ab".repeat(32);

    private static MockHttpServletRequestBuilder asScript(MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + API_TOKEN);
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return asScript(request).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    @Test
    void theApiWithoutACredential_answers401AdminUnauthorized() throws Exception {
        mvc.perform(get("/admin/api/cli-tokens"))
                .andExpect(openAiError(HttpStatus.UNAUTHORIZED, "authentication_error", "admin_unauthorized"));
        mvc.perform(post("/admin/withdraw"))
                .andExpect(openAiError(HttpStatus.UNAUTHORIZED, "authentication_error", "admin_unauthorized"));
    }

    @Test
    void theApiWithAnUnknownOrExpiredCredential_answers401AdminUnauthorized() throws Exception {
        mvc.perform(get("/admin/api/cli-tokens").header("Authorization", "Bearer stale"))
                .andExpect(openAiError(HttpStatus.UNAUTHORIZED, "authentication_error", "admin_unauthorized"));
        mvc.perform(get("/admin/api/cli-tokens").cookie(new Cookie(AdminCookies.SESSION, "stale")))
                .andExpect(openAiError(HttpStatus.UNAUTHORIZED, "authentication_error", "admin_unauthorized"));
    }

    @Test
    void theDashboardWithoutASession_sendsTheBrowserToItsLoginPage() throws Exception {
        mvc.perform(get("/admin/keys")).andExpect(status().isFound()).andExpect(redirectedUrl("/admin/login"));
    }

    @Test
    void aChangeMadeWithTheSessionCookieButWithoutItsCsrfToken_answers403AdminCsrfFailed() throws Exception {
        mvc.perform(delete("/admin/api/cli-tokens/" + UUID.randomUUID())
                        .cookie(new Cookie(AdminCookies.SESSION, SESSION)))
                .andExpect(openAiError(HttpStatus.FORBIDDEN, "permission_error", "admin_csrf_failed"));
        mvc.perform(delete("/admin/api/cli-tokens/" + UUID.randomUUID())
                        .cookie(new Cookie(AdminCookies.SESSION, SESSION))
                        .header(AdminAuthFilter.CSRF_HEADER, "another-sessions-token"))
                .andExpect(openAiError(HttpStatus.FORBIDDEN, "permission_error", "admin_csrf_failed"));
    }

    @Test
    void aDashboardFormPostedWithoutItsCsrfField_answers403AdminCsrfFailed() throws Exception {
        mvc.perform(post("/admin/keys/" + UNKNOWN_HASH + "/revoke")
                        .cookie(new Cookie(AdminCookies.SESSION, SESSION))
                        .param(AdminAuthFilter.CSRF_FIELD, "forged"))
                .andExpect(openAiError(HttpStatus.FORBIDDEN, "permission_error", "admin_csrf_failed"));
    }

    @Test
    void aWrongPassword_answers401InvalidPassword() throws Exception {
        login = new LoginOutcome.WrongPassword();

        mvc.perform(post("/admin/api/login")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"password\":\"x\"}"))
                .andExpect(openAiError(HttpStatus.UNAUTHORIZED, "authentication_error", "invalid_password"));
    }

    @Test
    void aLoginBeforeAnyPasswordIsSet_answers500AdminPasswordMissing() throws Exception {
        login = new LoginOutcome.NoPasswordSet();

        mvc.perform(post("/admin/api/login")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"password\":\"x\"}"))
                .andExpect(openAiError(HttpStatus.INTERNAL_SERVER_ERROR, "server_error", "admin_password_missing"));
    }

    @Test
    void aPasswordChangeWithTheWrongCurrentPassword_answers401_andATooShortOne400() throws Exception {
        passwordChange = new PasswordChangeOutcome.WrongCurrentPassword();
        mvc.perform(json(patch("/admin/api/password"), "{\"current_password\":\"a\",\"new_password\":\"b\"}"))
                .andExpect(openAiError(HttpStatus.UNAUTHORIZED, "authentication_error", "invalid_password"));

        passwordChange = new PasswordChangeOutcome.TooShort(8);
        mvc.perform(json(patch("/admin/api/password"), "{\"current_password\":\"a\",\"new_password\":\"b\"}"))
                .andExpect(openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "password_too_short"));
    }

    @Test
    void theSeedWithAWrongPassword_answers401InvalidPassword() throws Exception {
        mvc.perform(json(post("/admin/api/seed"), "{\"password\":\"guess\"}"))
                .andExpect(openAiError(HttpStatus.UNAUTHORIZED, "authentication_error", "invalid_password"));
    }

    @Test
    void revokingATokenThatIsNotActive_answers404TokenNotFound() throws Exception {
        mvc.perform(asScript(delete("/admin/api/cli-tokens/" + UUID.randomUUID())))
                .andExpect(openAiError(HttpStatus.NOT_FOUND, "invalid_request_error", "token_not_found"));
    }

    @Test
    void revokingATokenByAnIdThatIsNoUuid_answers400InvalidRequest() throws Exception {
        mvc.perform(asScript(delete("/admin/api/cli-tokens/not-a-uuid")))
                .andExpect(openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request"));
    }

    @Test
    void aBodyThatIsNotAJsonObject_answers400InvalidRequest_sayingSo() throws Exception {
        mvc.perform(json(post("/admin/api/cli-tokens"), "[]"))
                .andExpect(openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request"))
                .andExpect(jsonPath("$.error.message").value("the body is a JSON object"));
    }

    @Test
    void aTokenWithoutAName_answers400InvalidRequest() throws Exception {
        mvc.perform(json(post("/admin/api/cli-tokens"), "{}"))
                .andExpect(openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request"));
    }

    @Test
    void aTokenLifetimeBeyondAnInt_answers400InvalidRequest_notAFault() throws Exception {
        mvc.perform(json(post("/admin/api/cli-tokens"), "{\"name\":\"ci\",\"expires_in_days\":99999999999}"))
                .andExpect(openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request"));
    }

    @Test
    void aKeyThatDoesNotExist_answers404KeyNotFound() throws Exception {
        mvc.perform(asScript(get("/admin/api/apikeys/" + UNKNOWN_HASH)))
                .andExpect(openAiError(HttpStatus.NOT_FOUND, "invalid_request_error", "key_not_found"));
        mvc.perform(json(patch("/admin/api/apikeys/" + UNKNOWN_HASH), "{}"))
                .andExpect(openAiError(HttpStatus.NOT_FOUND, "invalid_request_error", "key_not_found"));
        mvc.perform(asScript(post("/admin/api/apikeys/" + UNKNOWN_HASH + "/revoke")))
                .andExpect(openAiError(HttpStatus.NOT_FOUND, "invalid_request_error", "key_not_found"));
    }

    @Test
    void aKeyHashThatIsNoHash_answers400InvalidRequest() throws Exception {
        mvc.perform(asScript(get("/admin/api/apikeys/not-a-hash")))
                .andExpect(openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request"));
    }

    @Test
    void aProviderThatDoesNotExist_answers404ProviderNotFound() throws Exception {
        mvc.perform(json(patch("/admin/api/upstream-providers/" + UUID.randomUUID()), "{\"enabled\":false}"))
                .andExpect(openAiError(HttpStatus.NOT_FOUND, "invalid_request_error", "provider_not_found"));
    }

    @Test
    void anUnknownProviderType_answers400InvalidRequest_sayingSo() throws Exception {
        mvc.perform(json(post("/admin/api/upstream-providers"), "{\"provider_type\":\"carrier-pigeon\"}"))
                .andExpect(openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request"))
                .andExpect(jsonPath("$.error.message").value("unknown provider_type"));
    }

    @Test
    void aFieldOfTheWrongType_answers400InvalidRequest_namingTheField() throws Exception {
        mvc.perform(json(patch("/admin/api/upstream-providers/" + UUID.randomUUID()), "{\"enabled\":\"yes\"}"))
                .andExpect(openAiError(HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request"))
                .andExpect(jsonPath("$.error.message").value("enabled is true or false"));
    }

    @Test
    void badInputOnADashboardForm_answersTheErrorPage_with400() throws Exception {
        mvc.perform(post("/admin/keys/not-a-hash/revoke")
                        .cookie(new Cookie(AdminCookies.SESSION, SESSION))
                        .param(AdminAuthFilter.CSRF_FIELD, CSRF))
                .andExpect(status().isBadRequest())
                .andExpect(view().name("admin/error"))
                .andExpect(model().attributeExists("message"));
    }
}
