package io.routstr.gateway.application.port.in.admin;

import java.util.Map;

/** Use case: the node's effective settings, by their environment names, with every secret shown as redacted. */
public interface ViewSettingsUseCase {

    String REDACTED = "[REDACTED]";

    Map<String, String> settings();
}
