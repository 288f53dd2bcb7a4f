package io.routstr.gateway.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routstr.gateway.bootstrap.proxy.NodeOnTestMint;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The generated OpenAPI document is a valid OpenAPI 3 document (checked by swagger-parser), documents every route the
 * node's controllers serve (the admin API in its own group), and is the one committed as {@code docs/openapi.json}: the
 * test writes the current document there and fails when it differed, so a changed API shows in the diff.
 */
@NodeOnTestMint
class OpenApiDocumentTest {

    static final Path COMMITTED = Path.of("..", "docs", "openapi.json");
    static final Set<String> VERBS = Set.of("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE");

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private String document(String group) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs/" + group))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("/v3/api-docs/" + group).isEqualTo(200);
        return response.body();
    }

    @Test
    void thePublicDocumentIsValidOpenApiWithSchemasErrorsAndSecuritySchemes() throws Exception {
        SwaggerParseResult parsed = new OpenAPIParser().readContents(document("public"), null, null);

        assertThat(parsed.getMessages()).as("swagger-parser's findings").isEmpty();
        assertThat(parsed.getOpenAPI().getComponents().getSecuritySchemes())
                .containsKeys("apiKey", "cashuToken", "xCashu");
        assertThat(parsed.getOpenAPI().getComponents().getSchemas()).containsKey("Error");
        parsed.getOpenAPI()
                .getPaths()
                .forEach((path, item) -> item.readOperations()
                        .forEach(operation -> assertThat(operation.getResponses())
                                .as("responses of " + path)
                                .containsKey("default")));
    }

    @Test
    void everyControllerRouteIsDocumentedInItsGroup() throws Exception {
        Set<String> documented = new TreeSet<>();
        documented.addAll(operations(json.readTree(document("public"))));
        if (hasAdminRoutes()) {
            String admin = document("admin");
            assertThat(new OpenAPIParser().readContents(admin, null, null).getMessages())
                    .isEmpty();
            documented.addAll(operations(json.readTree(admin)));
        }

        assertThat(documented).containsAll(controllerRoutes());
    }

    @Test
    void theCommittedDocumentIsTheGeneratedOne() throws Exception {
        ObjectNode current = (ObjectNode) json.readTree(document("public"));
        // The server URL carries this run's random port.
        current.remove("servers");
        String written = json.writeValueAsString(current) + "\n";
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED) : "";
        Files.writeString(COMMITTED, written);

        assertThat(written)
                .as("docs/openapi.json was stale and has been rewritten: commit it")
                .isEqualTo(committed);
    }

    private boolean hasAdminRoutes() {
        return controllerRoutes().stream().anyMatch(route -> route.contains(" /admin/api"));
    }

    /** {@code METHOD /path} of every route served by the node's own controllers (not the error fallback). */
    private Set<String> controllerRoutes() {
        Set<String> routes = new TreeSet<>();
        mappings.getHandlerMethods().forEach((RequestMappingInfo info, HandlerMethod method) -> {
            String type = method.getBeanType().getName();
            if (!type.startsWith("io.routstr.gateway.") || type.endsWith("OpenAiErrorController")) {
                return;
            }
            Operation operation = method.getMethodAnnotation(Operation.class);
            if (operation != null && operation.hidden()) {
                return; // left out of the document on purpose (a catch-all that only answers not-found)
            }
            Set<RequestMethod> verbs = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/admin") && !pattern.startsWith("/admin/api")) {
                    continue; // the dashboard's pages are HTML, not API
                }
                for (RequestMethod verb : verbs.isEmpty() ? Set.of(RequestMethod.GET) : verbs) {
                    routes.add(verb.name() + " " + pattern);
                }
            }
        });
        return routes;
    }

    private static Set<String> operations(JsonNode document) {
        Set<String> operations = new TreeSet<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().stream()
                        .map(entry -> entry.getKey().toUpperCase(Locale.ROOT))
                        .filter(VERBS::contains)
                        .forEach(verb -> operations.add(verb + " " + path.getKey())));
        return operations;
    }
}
