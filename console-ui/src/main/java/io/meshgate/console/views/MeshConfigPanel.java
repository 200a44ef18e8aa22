package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.AbstractField;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import io.meshgate.console.api.ApiKind;
import io.meshgate.console.api.ApiProblem;
import io.meshgate.console.api.FieldProblem;
import io.meshgate.console.forms.MergePatches;
import io.meshgate.console.forms.MeshConfigSetting;
import io.meshgate.console.session.ConsoleSession;
import io.meshgate.resources.MeshConfigDefaults;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Some MeshConfig settings as switches (and port fields) with their one-line explanations. Save
 * sends a JSON merge patch of only the changed fields and reports success only once the object
 * read back holds them. Ids: each setting's {@link MeshConfigSetting#id()}, {@code <prefix>-save},
 * {@code <prefix>-reload}, {@code <prefix>-errors}, {@code <prefix>-source} (which MeshConfig).
 */
final class MeshConfigPanel extends Div {
    private final List<MeshConfigSetting> settings;
    private final Map<MeshConfigSetting, AbstractField<?, ?>> controls = new LinkedHashMap<>();
    private final Paragraph source = new Paragraph();
    private final UnorderedList errors = new UnorderedList();
    private final boolean canEdit = ConsoleSession.require().canEdit();
    private JsonNode stored;
    private String namespace;
    private String labels;

    MeshConfigPanel(String prefix, String title, List<MeshConfigSetting> settings) {
        this.settings = settings;
        addClassName("form-section");
        addClassName("meshconfig-panel");
        source.setId(prefix + "-source");
        errors.setId(prefix + "-errors");
        errors.addClassName("problem-list");
        add(new H2(title), source);
        for (MeshConfigSetting s : settings) {
            AbstractField<?, ?> control;
            if (s.port()) {
                IntegerField port = new IntegerField(s.label());
                port.setMin(1);
                port.setMax(65535);
                port.setStepButtonsVisible(true);
                port.setHelperText(s.explanation());
                control = port;
            } else {
                Checkbox toggle = new Checkbox(s.label());
                toggle.setHelperText(s.explanation());
                control = toggle;
            }
            control.setId(s.id());
            control.setReadOnly(!canEdit);
            controls.put(s, control);
            Div line = new Div(control);
            line.addClassName("setting");
            add(line);
        }
        Button save = new Button("Save MeshConfig", e -> save());
        save.setId(prefix + "-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setVisible(canEdit);
        Button reload = new Button("Reload", e -> load(namespace, labels));
        reload.setId(prefix + "-reload");
        reload.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout actions = new HorizontalLayout(save, reload);
        add(errors, actions);
    }

    /**
     * Loads the MeshConfig the controllers read: {@code fsm-system/fsm-mesh-config}, or else the
     * first one listed in {@code namespace} with {@code labels}.
     */
    void load(String namespace, String labels) {
        this.namespace = namespace;
        this.labels = labels;
        errors.removeAll();
        ConsoleSession session = ConsoleSession.require();
        try {
            ApiKind kind = session.kind("MeshConfig");
            List<JsonNode> all = session.api().list(kind, namespace, labels);
            Optional<JsonNode> chosen = all.stream()
                    .filter(m -> MeshConfigDefaults.NAME.equals(m.path("metadata").path("name").asText())
                            && MeshConfigDefaults.NAMESPACE.equals(m.path("metadata").path("namespace").asText()))
                    .findFirst()
                    .or(() -> all.stream().findFirst());
            show(chosen.orElse(null));
        } catch (ApiProblem p) {
            Notices.error(p);
        }
    }

    /** Shows only the settings whose label or explanation contains {@code search}. */
    void filter(String search) {
        String needle = search == null ? "" : search.toLowerCase(Locale.ROOT);
        controls.forEach((s, c) -> c.getParent().ifPresent(line -> line.setVisible(needle.isEmpty()
                || (s.label() + " " + s.explanation() + " " + s.fieldPath()).toLowerCase(Locale.ROOT).contains(needle))));
    }

    private void show(JsonNode meshConfig) {
        stored = meshConfig;
        if (meshConfig == null) {
            source.setText("No MeshConfig is stored: apply one (the API creates fsm-system/fsm-mesh-config at first start).");
            controls.values().forEach(c -> c.setEnabled(false));
            return;
        }
        source.setText("MeshConfig " + meshConfig.path("metadata").path("namespace").asText() + "/"
                + meshConfig.path("metadata").path("name").asText() + ", resourceVersion "
                + meshConfig.path("metadata").path("resourceVersion").asText());
        controls.forEach((s, c) -> {
            c.setEnabled(true);
            JsonNode v = s.effective(meshConfig);
            if (c instanceof Checkbox toggle) {
                toggle.setValue(v.asBoolean(false));
            } else if (c instanceof IntegerField port) {
                port.setValue(v.canConvertToInt() ? v.asInt() : null);
            }
            if (c instanceof HasValidation h) {
                h.setInvalid(false);
            }
        });
    }

    /** The controls' values that differ from what is in effect. */
    private Map<List<String>, JsonNode> desired() {
        Map<List<String>, JsonNode> desired = new LinkedHashMap<>();
        controls.forEach((s, c) -> {
            JsonNode value = c instanceof Checkbox toggle ? BooleanNode.valueOf(toggle.getValue())
                    : ((IntegerField) c).getValue() == null ? null : IntNode.valueOf(((IntegerField) c).getValue());
            if (value != null && !value.equals(s.effective(stored))) {
                desired.put(s.path(), value);
            }
        });
        return desired;
    }

    private void save() {
        errors.removeAll();
        if (stored == null) {
            return;
        }
        Map<List<String>, JsonNode> desired = desired();
        ObjectNode patch = MergePatches.changes(stored, desired);
        if (patch.isEmpty()) {
            Notices.success("Nothing changed");
            return;
        }
        ConsoleSession session = ConsoleSession.require();
        ApiKind kind = session.kind("MeshConfig");
        String ns = stored.path("metadata").path("namespace").asText();
        String name = stored.path("metadata").path("name").asText();
        JsonNode readBack;
        try {
            session.api().mergePatch(kind, ns, name, patch);
            readBack = session.api().get(kind, ns, name);
        } catch (ApiProblem p) {
            showProblems(p);
            Notices.error(p);
            return;
        }
        List<List<String>> wrong = MergePatches.mismatches(readBack, desired);
        show(readBack);
        if (!wrong.isEmpty()) {
            wrong.forEach(path -> errors.add(new ListItem(MergePatches.fieldPath(path) + ": not stored as sent")));
            Notices.error("Saved, but the MeshConfig read back differs: check the marked settings");
            return;
        }
        Notices.success("MeshConfig saved and read back (resourceVersion "
                + readBack.path("metadata").path("resourceVersion").asText() + ")");
    }

    private void showProblems(ApiProblem p) {
        for (FieldProblem f : p.fieldProblems()) {
            Optional<Map.Entry<MeshConfigSetting, AbstractField<?, ?>>> at = controls.entrySet().stream()
                    .filter(e -> f.field().equals(e.getKey().fieldPath())).findFirst();
            if (at.isPresent() && at.get().getValue() instanceof HasValidation h) {
                h.setErrorMessage(f.message());
                h.setInvalid(true);
            } else {
                errors.add(new ListItem((f.field().isEmpty() ? "" : f.field() + ": ") + f.message()));
            }
        }
        if (p.fieldProblems().isEmpty()) {
            errors.add(new ListItem(p.summary()));
        }
    }
}
