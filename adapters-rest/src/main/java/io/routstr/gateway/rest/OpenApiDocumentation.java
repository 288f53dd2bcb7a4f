package io.routstr.gateway.rest;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.security.SecuritySchemes;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's title and the three ways a client pays (Routstr §3). */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Routstr Gateway",
                        description = "OpenAI-compatible LLM gateway billed in msats and paid with Cashu ecash. "
                                + "Errors are {\"error\":{\"message\",\"type\",\"code\"},\"request_id\"}.",
                        version = "v1"))
@SecuritySchemes({
    @SecurityScheme(
            name = "apiKey",
            type = SecuritySchemeType.HTTP,
            scheme = "bearer",
            bearerFormat = "sk-<64 hex>",
            description = "A prepaid API key: Authorization: Bearer sk-…"),
    @SecurityScheme(
            name = "cashuToken",
            type = SecuritySchemeType.HTTP,
            scheme = "bearer",
            bearerFormat = "cashuA…/cashuB…",
            description = "A Cashu token as the API key: redeemed once, it becomes the key sk- + sha256(token)."),
    @SecurityScheme(
            name = "xCashu",
            type = SecuritySchemeType.APIKEY,
            in = SecuritySchemeIn.HEADER,
            paramName = "X-Cashu",
            description = "A Cashu token paying for one request; the change comes back in the X-Cashu response header.")
})
class OpenApiDocumentation {}
