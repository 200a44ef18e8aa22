package io.meshgate.console.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.UnorderedList;
import io.meshgate.console.api.FieldProblem;
import io.meshgate.console.forms.FieldErrorTargets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a form shows problems: at the field that produced the problem's path (by the local validator
 * while typing, by the API on save), several joined with "; "; problems no field claims, or claimed by
 * a component that cannot show an error, go to the form's error list. Shared by every edit form.
 */
final class FieldProblemPlacement {
    private FieldProblemPlacement() {
    }

    /** Clears the previous marks, then marks {@code problems}. */
    static void show(List<FieldProblem> problems, FieldErrorTargets targets, Map<String, Component> fields,
                     UnorderedList formErrors) {
        clear(fields, formErrors);
        Map<String, List<String>> byField = new LinkedHashMap<>();
        for (FieldProblem p : problems) {
            String field = targets.fieldFor(p.field()).filter(fields::containsKey).orElse(null);
            if (field == null) {
                formErrors.add(new ListItem((p.field().isEmpty() ? "" : p.field() + ": ") + p.message()));
            } else {
                byField.computeIfAbsent(field, f -> new ArrayList<>()).add(p.message());
            }
        }
        byField.forEach((field, messages) -> {
            if (fields.get(field) instanceof HasValidation v) {
                v.setErrorMessage(String.join("; ", messages));
                v.setInvalid(true);
            } else {
                formErrors.add(new ListItem(field + ": " + String.join("; ", messages)));
            }
        });
    }

    /** Removes every mark and empties the error list. */
    static void clear(Map<String, Component> fields, UnorderedList formErrors) {
        formErrors.removeAll();
        fields.values().forEach(f -> {
            if (f instanceof HasValidation v) {
                v.setInvalid(false);
                v.setErrorMessage(null);
            }
        });
    }
}
