package io.routstr.gateway.application.port.in.node;

import java.util.List;
import java.util.Objects;

/** The node's public description, Routstr's {@code /v1/info} fields. */
public record NodeInfo(
        String name,
        String description,
        String version,
        String npub,
        List<String> mints,
        String httpUrl,
        String onionUrl,
        long childKeyCostMsats) {

    public NodeInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(version, "version");
        mints = List.copyOf(mints);
        npub = npub == null ? "" : npub;
        httpUrl = httpUrl == null ? "" : httpUrl;
        onionUrl = onionUrl == null ? "" : onionUrl;
    }
}
