package io.routstr.gateway.rest.node;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Routstr's {@code /v1/info} body. */
@Schema(name = "NodeInfo")
public record NodeInfoResponse(
        String name,
        String description,
        String version,
        String npub,
        List<String> mints,
        @JsonProperty("http_url") String httpUrl,
        @JsonProperty("onion_url") String onionUrl,
        @JsonProperty("child_key_cost_msats") long childKeyCostMsats) {}
