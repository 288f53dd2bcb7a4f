package io.routstr.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every output port has a contract (an abstract test class under {@code application}'s {@code contract} package) that
 * runs on its in-memory fake (a subclass in {@code application}'s tests) and on a real adapter (a subclass in an
 * adapter module's tests: PostgreSQL, the mint, an HTTP or WebSocket server). A contract covers the ports its methods
 * hand out. The ports without one are listed below, each with the reason.
 */
class EveryOutputPortHasAContractTest {

    private static final Path ROOT = Path.of("..");
    private static final String PORTS = "io/routstr/gateway/application/port/out";
    private static final String CONTRACTS = "io/routstr/gateway/application/contract";

    /** The ports with no contract run on both a fake and an adapter, and why. Nothing is added without a reason. */
    private static final Map<String, String> WITHOUT_CONTRACT = Map.of(
            "ClockPort", "the wall clock: nothing to hold an adapter to; tests use MutableClock",
            "UpstreamPort", "being reshaped by the paid request's work (issue 9); its fake comes with the new shape",
            "LightningAddressPort", "called and implemented inside adapters-cashu (issue 12 moves the wallet's policy)",
            "ModelCataloguePort", "the catalogue's ranking and pricing move to the application (issue 12)",
            "ProviderModelsPort", "the upstream's model listing, reshaped with the catalogue (issue 12)",
            "AdminQueryPort", "the admin views are being reshaped (model per request, usage per model: issue 11)");

    @Test
    void everyOutputPortHasAContractRunOnItsFakeAndOnAnAdapter() {
        List<Class<?>> ports = classes(ROOT.resolve("application/src/main/java"), PORTS).stream()
                .filter(Class::isInterface)
                .toList();
        assertThat(ports).isNotEmpty();
        List<String> fakeRuns = sources(ROOT.resolve("application/src/test/java"));
        List<String> adapterRuns = adapterTestSources();

        Set<String> covered = new TreeSet<>();
        for (Class<?> contract : classes(ROOT.resolve("application/src/test/java"), CONTRACTS)) {
            Pattern extending = Pattern.compile("extends\\s+" + contract.getSimpleName() + "\\b");
            boolean onAFake =
                    fakeRuns.stream().anyMatch(s -> extending.matcher(s).find());
            boolean onAnAdapter =
                    adapterRuns.stream().anyMatch(s -> extending.matcher(s).find());
            if (onAFake && onAnAdapter) {
                Arrays.stream(contract.getDeclaredMethods())
                        .map(Method::getReturnType)
                        .filter(ports::contains)
                        .map(Class::getSimpleName)
                        .forEach(covered::add);
            }
        }

        Set<String> all = ports.stream().map(Class::getSimpleName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(all);
        missing.removeAll(covered);
        missing.removeAll(WITHOUT_CONTRACT.keySet());
        assertThat(missing)
                .as("output ports without a contract run on their fake and on an adapter")
                .isEmpty();

        Set<String> stale = new TreeSet<>(WITHOUT_CONTRACT.keySet());
        stale.retainAll(covered);
        assertThat(stale)
                .as("ports listed as without a contract that have one now")
                .isEmpty();
        assertThat(all).as("every listed port exists").containsAll(WITHOUT_CONTRACT.keySet());
    }

    private static List<String> adapterTestSources() {
        try (Stream<Path> modules = Files.list(ROOT)) {
            return modules.filter(m -> m.getFileName().toString().startsWith("adapters-"))
                    .map(m -> m.resolve("src/test/java"))
                    .filter(Files::isDirectory)
                    .flatMap(root -> sources(root).stream())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> sources(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .map(EveryOutputPortHasAContractTest::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The classes of the sources under {@code root/pkg} and its subpackages. */
    private static List<Class<?>> classes(Path root, String pkg) {
        try (Stream<Path> files = Files.walk(root.resolve(pkg))) {
            return files.map(root::relativize)
                    .map(Path::toString)
                    .filter(name -> name.endsWith(".java") && !name.endsWith("package-info.java"))
                    .<Class<?>>map(name -> load(name.substring(0, name.length() - ".java".length())
                            .replace(java.io.File.separatorChar, '.')))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name, e);
        }
    }
}
