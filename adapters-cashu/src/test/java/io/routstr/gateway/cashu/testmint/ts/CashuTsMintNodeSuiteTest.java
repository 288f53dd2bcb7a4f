package io.routstr.gateway.cashu.testmint.ts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the mint's own conformance suite ({@code mint.test.mjs}: melt with NUT-08 change, failed and pending
 * payments, internal settlement, invoice amounts, request validation codes, NUT-19 replay, keyset rotation) so the
 * build notices when the test mint stops behaving like a mint.
 */
class CashuTsMintNodeSuiteTest {

    @Test
    void mintConformanceSuitePasses() throws IOException, InterruptedException {
        Path node = NodeTooling.nodeOrSkip();
        Path dir = NodeTooling.projectDir();
        NodeTooling.ensureInstalled(dir);
        Process process = new ProcessBuilder(NodeTooling.command(node, Path.of("--test"), List.of("mint.test.mjs")))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        CompletableFuture<String> output = NodeTooling.readAsync(process.getInputStream());
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        String report = output.join();
        assertThat(process.isAlive()).as("node --test timed out:%n%s", report).isFalse();
        assertThat(process.exitValue())
                .as("node --test mint.test.mjs failed:%n%s", report)
                .isZero();
        assertThat(report).contains("# fail 0");
    }
}
