package io.routstr.gateway.rest;

import io.routstr.gateway.rest.error.ApiError;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's two groups, chosen by path so that new controllers land in the right one without being listed:
 * {@code public} (the OpenAI-compatible proxy, balances, Lightning, node information; {@code /v3/api-docs/public}) and
 * {@code admin} (everything under {@code /admin/api}; {@code /v3/api-docs/admin}). Every operation documents the
 * OpenAI-shaped error body as its default response, since every failure answers with it.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiGroups {

    static final String ADMIN_PATHS = "/admin/api/**";

    @Bean
    GroupedOpenApi publicApi() {
        return GroupedOpenApi.builder()
                .group("public")
                .displayName("Routstr node API")
                .pathsToMatch("/**")
                .pathsToExclude("/admin/**", "/error")
                .addOpenApiCustomizer(errorResponses())
                .build();
    }

    @Bean
    GroupedOpenApi adminApi() {
        return GroupedOpenApi.builder()
                .group("admin")
                .displayName("Admin API")
                .pathsToMatch(ADMIN_PATHS)
                .addOpenApiCustomizer(errorResponses())
                .build();
    }

    /** Adds the {@code Error} schema and a default error response to every operation that has none. */
    static OpenApiCustomizer errorResponses() {
        return openApi -> {
            var schemas = ModelConverters.getInstance().readAll(ApiError.class);
            schemas.forEach(openApi.getComponents()::addSchemas);
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths()
                    .values()
                    .forEach(path -> path.readOperations().forEach(operation -> {
                        ApiResponses responses = operation.getResponses();
                        if (responses == null) {
                            responses = new ApiResponses();
                            operation.setResponses(responses);
                        }
                        if (!responses.containsKey("default")) {
                            responses.addApiResponse(
                                    "default",
                                    new ApiResponse()
                                            .description(
                                                    "An error: {\"error\":{\"message\",\"type\",\"code\"},\"request_id\"}")
                                            .content(new Content()
                                                    .addMediaType(
                                                            "application/json",
                                                            new MediaType()
                                                                    .schema(new Schema<>()
                                                                            .$ref("#/components/schemas/Error")))));
                        }
                    }));
        };
    }
}
