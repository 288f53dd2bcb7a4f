package io.routstr.gateway.upstream.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A GET of a small JSON document with a timeout, for model catalogues, providers' model lists and price sources: the
 * parsed body of a {@code 200} answer, or empty, logged under what was asked, when the source cannot be reached,
 * answers another status, or sends what the parser refuses. A source that fails keeps no thread: the caller decides
 * what to keep.
 */
public final class JsonGet {

    private static final Logger log = LoggerFactory.getLogger(JsonGet.class);

    private final HttpClient http;
    private final Duration timeout;
    private final Level failures;

    /** @param failures the level failures are logged at: callers that sum several sources up log less */
    public JsonGet(Duration timeout, Level failures) {
        this.timeout = timeout;
        this.failures = failures;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    /** How an answer's body becomes a value. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(byte[] body) throws IOException;
    }

    /**
     * @param headers sent with the request (credentials included: they are never logged)
     * @param what names the source in the log, e.g. the provider's label; never a credential
     */
    public <T> Optional<T> get(URI url, Map<String, String> headers, String what, Parser<T> parser) {
        try {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(url).timeout(timeout).GET();
            headers.forEach(request::header);
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                log.atLevel(failures).log("{} answered {}", what, response.statusCode());
                return Optional.empty();
            }
            return Optional.of(parser.parse(response.body()));
        } catch (IOException | RuntimeException e) {
            log.atLevel(failures).log("{} unavailable: {}", what, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
