package io.routstr.gateway.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models file ({@code MODELS_PATH}) is read in either shape, or the node does not start. */
class ModelsFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theShippedFileIsReadWhenNoPathIsSet() {
        assertThat(ProxyConfiguration.catalogue("", JSON)).isNotEmpty();
    }

    @Test
    void aFileInRoutstrsShapeIsRead() throws IOException {
        Path file = Files.writeString(
                dir.resolve("models.json"),
                "{\"models\":[{\"id\":\"vendor/m\",\"pricing\":{\"prompt\":\"0.000001\",\"completion\":\"0\"}}]}");

        assertThat(ProxyConfiguration.catalogue(file.toString(), JSON))
                .singleElement()
                .satisfies(entry -> assertThat(entry.id()).isEqualTo("vendor/m"));
    }

    @Test
    void anEmptyUnreadableOrMissingFileStopsTheStart_namingTheFile() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.json"), "{\"models\":[]}");
        Path garbage = Files.writeString(dir.resolve("garbage.json"), "models: yes");
        Path missing = dir.resolve("missing.json");

        for (Path file : new Path[] {empty, garbage, missing}) {
            assertThatThrownBy(() -> ProxyConfiguration.catalogue(file.toString(), JSON))
                    .as(file.toString())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(file.toString());
        }
    }
}
