package io.routstr.gateway.rest.admin;

import io.routstr.gateway.application.port.in.admin.ChangeNostrKeyUseCase;
import io.routstr.gateway.application.port.in.admin.ChangeNostrKeyUseCase.NsecOutcome;
import io.routstr.gateway.application.port.in.admin.EditSettingsUseCase;
import io.routstr.gateway.application.port.in.admin.EditSettingsUseCase.EditOutcome;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The dashboard's settings forms: the editable settings and the Nostr key (CSRF checked by the filter). */
@Controller
@Hidden // HTML forms; the API is AdminSettingsController
record AdminSettingsPageController(EditSettingsUseCase settings, ChangeNostrKeyUseCase nostrKey) {

    /**
     * The form posts every editable field: a field left as it was is no edit (so that it keeps following the
     * environment), an emptied one restores the environment's value.
     */
    @PostMapping("/admin/settings")
    String edit(@RequestParam Map<String, String> form, RedirectAttributes redirect) {
        Map<String, String> current = settings.settings();
        Map<String, Optional<String>> changes = new LinkedHashMap<>();
        for (String name : settings.editable()) {
            String value = form.getOrDefault(name, "").strip();
            if (form.containsKey(name) && !value.equals(current.getOrDefault(name, ""))) {
                changes.put(name, value.isEmpty() ? Optional.empty() : Optional.of(value));
            }
        }
        switch (settings.edit(changes)) {
            case EditOutcome.Edited edited -> redirect.addFlashAttribute("notice", "Settings saved");
            case EditOutcome.Invalid invalid ->
                redirect.addFlashAttribute("error", "Nothing saved: " + String.join("; ", invalid.errors()));
        }
        return "redirect:/admin/settings";
    }

    @PostMapping("/admin/settings/nsec")
    String changeNsec(@RequestParam(defaultValue = "") String nsec, RedirectAttributes redirect) {
        switch (nostrKey.change(nsec)) {
            case NsecOutcome.Changed changed ->
                redirect.addFlashAttribute("notice", "The node now signs as " + changed.npub());
            case NsecOutcome.Invalid invalid -> redirect.addFlashAttribute("error", "Invalid nsec: nothing changed");
        }
        return "redirect:/admin/settings";
    }
}
