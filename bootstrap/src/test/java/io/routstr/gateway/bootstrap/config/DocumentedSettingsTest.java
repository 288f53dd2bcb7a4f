package io.routstr.gateway.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The environment variables {@code docs/configuration.md} documents are the ones the node reads: each variable named in
 * the first column of a settings table is bound in {@code application.yml} (as a {@code ${NAME}} placeholder), and each
 * placeholder there is documented. A variable documented but never bound would be silently ignored by a running node.
 */
class DocumentedSettingsTest {

    /**
     * Variables read outside {@code application.yml}, each by a named reader. Keep this list short: a new setting
     * belongs in {@code application.yml}.
     */
    private static final Map<String, String> READ_ELSEWHERE = Map.of(
            "DATABASE_URL", "DatabaseUrlEnvironmentPostProcessor turns it into spring.datasource.*",
            "ROUTSTR_DEV_DATA_DIR", "the dev runner (DevGatewayApplication, test scope) reads it",
            "SECP256K1_NATIVE",
                    "the Cashu adapter's Secp256k1 reads it once, when the wallet's crypto first loads: a native"
                            + " library is a choice for the whole process, made before any bean exists");

    private static final Pattern TABLE_ROW = Pattern.compile("^\\|([^|]*)\\|.*\\|\\s*$");
    private static final Pattern ENV_NAME = Pattern.compile("`([A-Z][A-Z0-9_]*)`");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    @Test
    void everyDocumentedVariableIsBound() throws IOException {
        Set<String> bound = placeholders();
        Set<String> unbound = new TreeSet<>(documented());
        unbound.removeAll(bound);
        unbound.removeAll(READ_ELSEWHERE.keySet());
        assertThat(unbound)
                .as("documented in docs/configuration.md but read nowhere")
                .isEmpty();
    }

    @Test
    void everyBoundVariableIsDocumented() throws IOException {
        Set<String> undocumented = new TreeSet<>(placeholders());
        undocumented.removeAll(documented());
        assertThat(undocumented)
                .as("bound in application.yml but missing from docs/configuration.md")
                .isEmpty();
    }

    @Test
    void theVariablesReadElsewhereAreDocumentedToo() throws IOException {
        assertThat(documented()).containsAll(READ_ELSEWHERE.keySet());
    }

    /** Variables named in the first column of the settings tables (backticked, upper case). */
    private static Set<String> documented() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(file("docs/configuration.md"))) {
            Matcher row = TABLE_ROW.matcher(line);
            if (row.matches()) {
                Matcher name = ENV_NAME.matcher(row.group(1));
                while (name.find()) {
                    names.add(name.group(1));
                }
            }
        }
        assertThat(names).as("variables found in docs/configuration.md").isNotEmpty();
        return names;
    }

    private static Set<String> placeholders() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher placeholder =
                PLACEHOLDER.matcher(Files.readString(file("bootstrap/src/main/resources/application.yml")));
        while (placeholder.find()) {
            names.add(placeholder.group(1));
        }
        return names;
    }

    /** Tests run in the module's directory; the docs live at the project's root. */
    private static Path file(String fromRoot) {
        Path here = Path.of(fromRoot);
        return Files.exists(here) ? here : Path.of("..").resolve(fromRoot);
    }
}
