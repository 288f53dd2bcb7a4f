package io.routstr.gateway.upstream.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routstr.gateway.application.port.out.ModelCataloguePort;
import io.routstr.gateway.domain.provider.CatalogModel;
import io.routstr.gateway.upstream.http.JsonGet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.event.Level;

/**
 * The catalogues that price models (Routstr §7.2): the models file (the operator's {@code MODELS_PATH} or the one
 * shipped here), read once at start, and the live OpenRouter catalogue ({@code OPENROUTER_MODELS_URL}), fetched on
 * every refresh.
 */
public final class ModelCatalogueAdapter implements ModelCataloguePort {

    private final List<CatalogModel> modelsFile;
    private final Optional<URI> liveCatalogue;
    private final ObjectMapper mapper;
    private final JsonGet http;

    /**
     * @param modelsFile the models file's models, the offline fallback
     * @param liveCatalogue OpenRouter's {@code /api/v1/models} (or a mirror), fetched at every refresh; empty: off
     */
    public ModelCatalogueAdapter(
            List<CatalogModel> modelsFile, Optional<URI> liveCatalogue, ObjectMapper mapper, Duration timeout) {
        this.modelsFile = List.copyOf(modelsFile);
        this.liveCatalogue = liveCatalogue;
        this.mapper = mapper;
        this.http = new JsonGet(timeout, Level.WARN);
    }

    /**
     * The catalogues the operator configured: {@code modelsPath} when set, else the shipped models file.
     *
     * @param liveUrl the live catalogue's URL; blank: off
     * @throws IllegalStateException naming the file when it cannot be read or holds no model: a node that silently
     *     priced nothing would serve nothing, so it does not start
     */
    public static ModelCatalogueAdapter configured(
            String modelsPath, String liveUrl, ObjectMapper mapper, Duration timeout) {
        Optional<URI> live = liveUrl.isBlank() ? Optional.empty() : Optional.of(URI.create(liveUrl.strip()));
        return new ModelCatalogueAdapter(readModelsFile(modelsPath, mapper), live, mapper, timeout);
    }

    /** {@code modelsPath} when set, else the shipped models file; see {@link #configured}. */
    static List<CatalogModel> readModelsFile(String modelsPath, ObjectMapper mapper) {
        String name = modelsPath.isBlank() ? "the shipped models.json" : "MODELS_PATH " + modelsPath;
        try (InputStream json = modelsPath.isBlank()
                ? ModelCatalogueAdapter.class.getResourceAsStream("/models.json")
                : Files.newInputStream(Path.of(modelsPath))) {
            if (json == null) {
                throw new IllegalStateException(name + " is missing");
            }
            return CatalogJson.read(json, mapper);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the models file " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<CatalogModel> modelsFile() {
        return modelsFile;
    }

    @Override
    public Optional<List<CatalogModel>> fetchLive() {
        return liveCatalogue.flatMap(this::fetch);
    }

    private Optional<List<CatalogModel>> fetch(URI url) {
        return http.get(
                url,
                Map.of(),
                "Live model catalogue",
                body -> CatalogJson.read(new ByteArrayInputStream(body), mapper));
    }
}
