package io.routstr.gateway.rest.proxy;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.http.MediaType;

/**
 * The OpenAPI description of a proxied request's body, shared by every proxy route: the provider API's own JSON,
 * passed on as it is and read only once the caller is authenticated.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@RequestBody(
        required = true,
        description = "The provider API's JSON request; read only once the caller is authenticated",
        content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")))
@interface ProviderJsonBody {}
