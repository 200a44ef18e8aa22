package io.meshgate.console.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.meshgate.console.api.FieldProblem;
import io.meshgate.console.forms.FieldErrorTargets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fields of one form by element id, so problems reported for a field path (by the local
 * validator while typing, by the API on save) are shown at the field that produced that path;
 * problems no field claims go to the form's error list.
 */
final class FormFields {
    private final Map<String, Component> fields = new LinkedHashMap<>();
    private final UnorderedList formErrors = new UnorderedList();
    private boolean readOnly;

    /** @param errorsId element id of the list of problems that belong to no field */
    FormFields(String errorsId) {
        formErrors.setId(errorsId);
        formErrors.addClassName("problem-list");
    }

    /** The list of problems that belong to no single field. */
    UnorderedList errors() {
        return formErrors;
    }

    /** A text field whose user edits go to {@code onChange}; the API's validator, not the component, validates. */
    TextField text(String id, String label, String value, Consumer<String> onChange) {
        TextField t = new TextField(label);
        t.setId(id);
        t.setValue(value == null ? "" : value);
        t.setValueChangeMode(ValueChangeMode.LAZY);
        t.setValueChangeTimeout(300);
        t.setManualValidation(true);
        t.setReadOnly(readOnly);
        t.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                onChange.accept(e.getValue());
            }
        });
        fields.put(id, t);
        return t;
    }

    /** A select of fixed items; a stored value outside them is added so it stays visible. */
    Select<String> select(String id, String label, List<String> items, String value, Consumer<String> onChange) {
        Select<String> s = new Select<>();
        s.setId(id);
        s.setLabel(label);
        List<String> all = new ArrayList<>(items);
        if (value != null && !all.contains(value)) {
            all.add(value);
        }
        s.setItems(all);
        s.setValue(value);
        s.setReadOnly(readOnly);
        s.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                onChange.accept(e.getValue());
            }
        });
        fields.put(id, s);
        return s;
    }

    /** Forgets the fields whose id starts with {@code prefix} (before a list of rows is drawn again). */
    void forget(String prefix) {
        fields.keySet().removeIf(k -> k.startsWith(prefix));
    }

    /** Makes every field (and those created later) read-only: viewers see the form, not an editor. */
    void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
        fields.values().forEach(f -> {
            if (f instanceof HasValue<?, ?> v) {
                v.setReadOnly(readOnly);
            }
        });
    }

    /** Marks each field with its problems; unclaimed problems go to the error list. */
    void show(List<FieldProblem> problems, FieldErrorTargets targets) {
        FieldProblemPlacement.show(problems, targets, fields, formErrors);
    }

    /** Adds one line to the error list (e.g. a 409 or a read-back mismatch). */
    void formError(String message) {
        formErrors.add(new ListItem(message));
    }

    void clear() {
        FieldProblemPlacement.clear(fields, formErrors);
    }
}
