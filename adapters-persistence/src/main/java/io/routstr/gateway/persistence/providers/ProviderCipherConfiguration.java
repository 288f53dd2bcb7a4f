package io.routstr.gateway.persistence.providers;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The cipher for provider keys at rest, keyed by {@code ROUTSTR_SECRET_KEY} ({@code routstr.proxy.secret-key}). */
@Configuration(proxyBeanMethods = false)
class ProviderCipherConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProviderCipherConfiguration.class);

    @Bean
    ProviderSecretCipher providerSecretCipher(@Value("${routstr.proxy.secret-key:}") String secretKey) {
        if (secretKey.isBlank()) {
            // Keys stored under a per-process key cannot be read after a restart: fine for a dev node only.
            log.warn("ROUTSTR_SECRET_KEY is not set: provider keys are encrypted with a key that lasts only until "
                    + "this process stops; set it in production");
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return ProviderSecretCipher.fromPassphrase(HexFormat.of().formatHex(random));
        }
        return ProviderSecretCipher.fromPassphrase(secretKey);
    }
}
