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
        @JsonProperty("child_key_cost_msats") long childKeyCostMsats,
        @JsonProperty("child_keys") ChildKeys childKeys) {

    /**
     * What a Routstr client can expect of child keys here: Routstr removed them (September 2026, its PR #710) and its
     * clients never call them; this node keeps them for its operators, and {@code child_key_cost_msats} stays for
     * the clients that read it.
     */
    public record ChildKeys(
            boolean supported, @JsonProperty("cost_msats") long costMsats, List<String> endpoints, String note) {

        static final String NOTE = "Routstr removed child keys in September 2026; this node keeps them. A child key is"
                + " an sk- key that spends its parent's balance; Routstr clients need none of this and work unchanged.";

        static ChildKeys of(long costMsats) {
            return new ChildKeys(
                    true, costMsats, List.of("/v1/balance/child-key", "/v1/balance/child-key/reset"), NOTE);
        }
    }
}
