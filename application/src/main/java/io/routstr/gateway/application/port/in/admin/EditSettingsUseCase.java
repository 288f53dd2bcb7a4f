package io.routstr.gateway.application.port.in.admin;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Use case: the settings the operator may change at run time (Routstr's {@code PATCH /admin/api/settings}). An edited
 * value is stored and wins over the environment's; every instance applies it without a restart. Secrets are never
 * shown and cannot be changed here.
 */
public interface EditSettingsUseCase {

    /** The effective settings by environment name: the environment's, overridden by edited values; secrets redacted. */
    Map<String, String> settings();

    /** The names {@link #edit} accepts. */
    Set<String> editable();

    /**
     * Applies {@code changes} (by environment name, any case; an empty value restores the environment's) all or none.
     * Names of secrets are ignored.
     */
    EditOutcome edit(Map<String, Optional<String>> changes);

    /** What came of an edit. */
    sealed interface EditOutcome {
        record Edited(Map<String, String> settings) implements EditOutcome {}

        /** Nothing was changed: each error names a setting and what is wrong with it. */
        record Invalid(List<String> errors) implements EditOutcome {
            public Invalid {
                errors = List.copyOf(errors);
            }
        }
    }
}
