package io.routstr.gateway.upstream.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.upstream.fake.FakeOpenAiServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogues as data: the models file ({@code MODELS_PATH}) in either shape, and the live OpenRouter one. */
class ModelCatalogueAdapterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeOpenAiServer server = FakeOpenAiServer.start();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theShippedFileIsReadWhenNoPathIsSet_andNoLiveCatalogueIsAskedWhenNoneIsSet() {
        ModelCatalogueAdapter catalogues = ModelCatalogueAdapter.configured("", "", JSON, Duration.ofSeconds(2));

        assertThat(catalogues.modelsFile()).extracting(m -> m.id()).contains("openai/gpt-4o-mini");
        assertThat(catalogues.fetchLive()).isEmpty();
    }

    @Test
    void aModelsFileIsReadInRoutstrsShapeAndInOpenRoutersShape() throws IOException {
        String model =
                "{\"id\":\"vendor/some-model\",\"pricing\":{\"prompt\":\"0.000001\",\"completion\":\"0.000002\"}}";

        for (String shape : List.of("{\"models\":[" + model + "]}", "{\"data\":[" + model + "]}")) {
            Path file = Files.writeString(dir.resolve("models.json"), shape);

            assertThat(ModelCatalogueAdapter.readModelsFile(file.toString(), JSON))
                    .as(shape)
                    .singleElement()
                    .satisfies(entry -> {
                        assertThat(entry.id()).isEqualTo("vendor/some-model");
                        assertThat(entry.price().completion()).isEqualByComparingTo("0.000002");
                    });
        }
    }

    @Test
    void aModelsFileThatPricesNothingIsRefused() {
        for (String file :
                List.of("{\"models\":[]}", "{\"data\":[{\"name\":\"no id\"}]}", "{\"other\":[]}", "", "[1,")) {
            assertThatThrownBy(() ->
                            CatalogJson.read(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), JSON))
                    .as(file)
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void anEmptyUnreadableOrMissingFileStopsTheStart_namingTheFile() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.json"), "{\"models\":[]}");
        Path garbage = Files.writeString(dir.resolve("garbage.json"), "models: yes");
        Path missing = dir.resolve("missing.json");

        for (Path file : new Path[] {empty, garbage, missing}) {
            assertThatThrownBy(() -> ModelCatalogueAdapter.configured(file.toString(), "", JSON, Duration.ofSeconds(2)))
                    .as(file.toString())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(file.toString());
        }
    }

    @Test
    void theLiveCatalogueIsFetchedAtEveryAsk_andAnOutageAnswersNothing() {
        server.openRouterCatalogue(Map.of(
                "data",
                List.of(Map.of(
                        "id",
                        "openai/gpt-4o-mini",
                        "pricing",
                        Map.of("prompt", "0.000001", "completion", "0.000002")))));
        ModelCatalogueAdapter catalogues =
                ModelCatalogueAdapter.configured("", server.openRouterCatalogueUrl(), JSON, Duration.ofSeconds(2));

        assertThat(catalogues.fetchLive())
                .hasValueSatisfying(models -> assertThat(models)
                        .singleElement()
                        .satisfies(m -> assertThat(m.price().prompt()).isEqualByComparingTo("0.000001")));

        server.openRouterCatalogue(null);

        assertThat(catalogues.fetchLive()).isEmpty();
    }
}
