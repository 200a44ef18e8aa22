package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasHelper;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import io.meshgate.console.api.ApiKind;
import io.meshgate.console.api.ApiProblem;
import io.meshgate.console.api.StatusTolerantPut;
import io.meshgate.console.api.FieldProblem;
import io.meshgate.console.api.Json;
import io.meshgate.console.forms.IngressDraft;
import io.meshgate.console.forms.LocalValidation;
import io.meshgate.console.session.ConsoleSession;
import io.meshgate.resources.IngressAnnotations;
import io.meshgate.resources.annotations.ChoiceGrammar;
import io.meshgate.resources.annotations.FlagGrammar;
import io.meshgate.resources.annotations.IngressAnnotation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Create or edit one Ingress: rules, TLS and every {@code pipy.ingress.kubernetes.io/*} annotation
 * as a proper field, built from the annotation table's rows (label, help, checkbox for true/false
 * words, select for a word list). Fields are checked as you type with the API's own validator; on save the
 * API's field errors are put next to their fields, and success is only reported once the object
 * read back from the API holds what was sent. URL: {@code ingress/edit?ns=N&name=X} (none = new).
 */
@Route("ingress/edit")
@PageTitle("Edit Ingress")
public final class IngressEditView extends VerticalLayout implements BeforeEnterObserver {
    private static final List<String> PATH_TYPES = List.of("Prefix", "Exact", "ImplementationSpecific");
    /** Ids of the TLS row fields (not the {@code tls-*} annotation fields such as {@code tls-verify-client}). */
    private static final Pattern TLS_ROW_FIELD = Pattern.compile("tls-(hosts|secret)(-\\d+)?");
    private static final String TLS_HOSTS_HELP = "comma-separated; must be hosts of the rules";
    private static final String TLS_SECRET_HELP = "a kubernetes.io/tls Secret in the same namespace";

    private IngressDraft draft = IngressDraft.empty();
    private final Map<String, Component> fields = new LinkedHashMap<>();
    private final Div rulesBox = new Div();
    private final Div tlsBox = new Div();
    private final UnorderedList formErrors = new UnorderedList();
    private final Div statusBox = new Div();
    private final Paragraph savedNote = new Paragraph();
    private final boolean canEdit = ConsoleSession.require().canEdit();
    private boolean touched;
    /** True while {@link #show} fills the fields: those changes are not the user's. */
    private boolean loading;

    private final TextField namespace = text("ingress-namespace", "Namespace");
    private final TextField name = text("ingress-name", "Name");
    private final TextField ingressClass = text("ingress-class", "Ingress class");
    private final Button save = new Button("Save");

    public IngressEditView() {
        addClassName("ingress-edit");
        setMaxWidth("72rem");
        ingressClass.setHelperText("pipy = Meshgate; empty = the IngressClass marked as the cluster default");
        namespace.addValueChangeListener(e -> draftChanged(() -> draft.namespace = e.getValue()));
        name.addValueChangeListener(e -> draftChanged(() -> draft.name = e.getValue()));
        ingressClass.addValueChangeListener(e -> draftChanged(() -> draft.ingressClass = e.getValue()));

        FormLayout identity = new FormLayout(namespace, name, ingressClass);
        Button addRule = new Button("Add rule", e -> {
            draft.rows.add(new IngressDraft.Row());
            renderRows();
            draftChanged(() -> { });
        });
        addRule.setId("ingress-add-rule");
        addRule.setVisible(canEdit);
        rulesBox.setWidthFull();
        Button addTls = new Button("Add TLS entry", e -> {
            draft.tls.add(new IngressDraft.TlsRow());
            renderTls();
            draftChanged(() -> { });
        });
        addTls.setId("tls-add");
        addTls.setVisible(canEdit);
        tlsBox.setWidthFull();

        save.setId("ingress-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> save());
        Button validate = new Button("Validate", e -> validateWithApi());
        validate.setId("ingress-validate");
        Button delete = new Button("Delete", e -> confirmDelete());
        delete.setId("ingress-delete");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        Button yaml = new Button("YAML", e -> getUI().ifPresent(ui -> ui.navigate("yaml",
                QueryParameters.simple(Map.of("kind", "Ingress", "ns", draft.namespace, "name", draft.name)))));
        yaml.setId("ingress-yaml");
        save.setVisible(canEdit);
        validate.setVisible(canEdit);
        delete.setVisible(canEdit);
        HorizontalLayout actions = new HorizontalLayout(save, validate, yaml, delete);
        actions.setWrap(true);
        formErrors.setId("ingress-form-errors");
        formErrors.addClassName("problem-list");
        savedNote.setId("ingress-saved");
        statusBox.setId("ingress-status");

        add(Texts.link("← all Ingresses", "ingress", Map.of()),
                section("Ingress", identity),
                section("Rules", rulesBox, addRule),
                section("TLS", tlsBox, addTls),
                section("Gateway behaviour (pipy.ingress.kubernetes.io annotations)", annotationForm()),
                section("Status reported by the controller", statusBox),
                formErrors, actions, savedNote);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        QueryParameters q = event.getLocation().getQueryParameters();
        String ns = ListFilters.first(q, "ns");
        String objectName = ListFilters.first(q, "name");
        if (objectName.isEmpty()) {
            show(IngressDraft.empty(), null);
            return;
        }
        try {
            JsonNode ingress = ConsoleSession.require().api().get(kind(), ns, objectName);
            show(IngressDraft.from(ingress), ingress);
        } catch (ApiProblem p) {
            Notices.error(p);
            show(IngressDraft.empty(), null);
        }
    }

    private static ApiKind kind() {
        return ConsoleSession.require().kind("Ingress");
    }

    /** Puts a draft into the fields (no validation: nothing was typed yet). */
    private void show(IngressDraft d, JsonNode stored) {
        touched = false;
        loading = true;
        draft = d;
        namespace.setValue(d.namespace);
        name.setValue(d.name);
        namespace.setReadOnly(!d.isNew() || !canEdit);
        name.setReadOnly(!d.isNew() || !canEdit);
        ingressClass.setValue(d.ingressClass);
        d.annotations.forEach((shortName, value) -> setAnnotationField(shortName, value));
        renderRows();
        renderTls();
        renderStatus(stored);
        clearErrors();
        fields.values().forEach(f -> {
            if (f instanceof HasValue<?, ?> v && f != namespace && f != name) {
                v.setReadOnly(!canEdit);
            }
        });
        loading = false;
    }

    private Component annotationForm() {
        FormLayout form = new FormLayout();
        for (IngressAnnotation<?> row : IngressDraft.ANNOTATIONS) {
            String shortName = row.shortName();
            String id = IngressDraft.ANNOTATION_FIELDS.get(shortName);
            Component field = switch (row.grammar()) {
                case FlagGrammar flag -> checkbox(id, row.label());
                case ChoiceGrammar<?> choice -> select(id, row.label(), defaultItemLabel(row), choice.words());
                default -> text(id, row.label());
            };
            if (field instanceof HasHelper helped) {
                helped.setHelperText(helperText(row));
            }
            if (field instanceof TextField t) {
                t.addValueChangeListener(e -> draftChanged(() -> draft.annotations.put(shortName, e.getValue())));
            } else if (field instanceof Select<?> s) {
                @SuppressWarnings("unchecked")
                Select<String> select = (Select<String>) s;
                select.addValueChangeListener(e -> draftChanged(() ->
                        draft.annotations.put(shortName, Objects.toString(e.getValue(), ""))));
            } else if (field instanceof Checkbox c) {
                c.addValueChangeListener(e -> draftChanged(() ->
                        draft.annotations.put(shortName, e.getValue() ? "true" : "")));
            }
            fields.put(id, field);
            form.add(field);
        }
        return form;
    }

    /**
     * A checkbox needs no word list, so it explains what it does; a text field or select says what
     * it accepts and what applies when left empty.
     */
    private static String helperText(IngressAnnotation<?> row) {
        if (row.grammar() instanceof FlagGrammar) {
            return row.effect();
        }
        return row.grammar().accepted() + row.defaultText().map(d -> "; default " + d).orElse("");
    }

    private static String defaultItemLabel(IngressAnnotation<?> row) {
        return row.defaultText().map(d -> "(default: " + d + ")").orElse("(default)");
    }

    private void setAnnotationField(String shortName, String value) {
        Component field = fields.get(IngressDraft.ANNOTATION_FIELDS.get(shortName));
        if (field instanceof TextField t) {
            t.setValue(value);
        } else if (field instanceof Select<?> s) {
            @SuppressWarnings("unchecked")
            Select<String> select = (Select<String>) s;
            if (!value.isEmpty() && !select.getListDataView().getItems().toList().contains(value)) {
                // a value the API accepts in another case (grpc) or one the form does not list: keep it visible
                List<String> items = new ArrayList<>(select.getListDataView().getItems().toList());
                items.add(value);
                select.setItems(items);
            }
            select.setValue(value);
        } else if (field instanceof Checkbox c) {
            c.setValue(IngressAnnotations.parseFlag(value).orElse(false));
        }
    }

    private void renderRows() {
        rulesBox.removeAll();
        fields.keySet().removeIf(k -> k.startsWith("rule-"));
        for (int k = 0; k < draft.rows.size(); k++) {
            IngressDraft.Row row = draft.rows.get(k);
            String p = "rule-" + k + "-";
            TextField host = text(p + "host", "Host");
            host.setValue(row.host);
            host.setPlaceholder("any host");
            host.addValueChangeListener(e -> draftChanged(() -> row.host = e.getValue()));
            TextField path = text(p + "path", "Path");
            path.setValue(row.path);
            path.addValueChangeListener(e -> draftChanged(() -> row.path = e.getValue()));
            Select<String> pathType = new Select<>();
            pathType.setId(p + "path-type");
            pathType.setLabel("Path type");
            pathType.setItems(PATH_TYPES);
            pathType.setValue(PATH_TYPES.contains(row.pathType) ? row.pathType : "Prefix");
            pathType.addValueChangeListener(e -> draftChanged(() -> row.pathType = e.getValue()));
            TextField service = text(p + "service", "Service");
            service.setValue(row.service);
            service.addValueChangeListener(e -> draftChanged(() -> row.service = e.getValue()));
            TextField port = text(p + "port", "Port");
            port.setValue(row.port);
            port.setHelperText("number or name");
            port.addValueChangeListener(e -> draftChanged(() -> row.port = e.getValue()));
            Button remove = new Button("Remove", e -> {
                draft.rows.remove(row);
                renderRows();
                draftChanged(() -> { });
            });
            remove.setId(p + "remove");
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            remove.setVisible(canEdit && draft.rows.size() > 1);
            fields.put(p + "path-type", pathType);
            for (Component c : List.of(host, path, pathType, service, port)) {
                ((HasValue<?, ?>) c).setReadOnly(!canEdit);
            }
            FlexLayout line = new FlexLayout(host, path, pathType, service, port, remove);
            line.addClassName("rule-row");
            line.setId(p + "row");
            rulesBox.add(line);
        }
    }

    /** One line per {@code spec.tls} entry; the first keeps the ids {@code tls-hosts} and {@code tls-secret}. */
    private void renderTls() {
        tlsBox.removeAll();
        fields.keySet().removeIf(k -> TLS_ROW_FIELD.matcher(k).matches());
        for (int i = 0; i < draft.tls.size(); i++) {
            IngressDraft.TlsRow row = draft.tls.get(i);
            int index = i;
            TextField hosts = text(IngressDraft.tlsHostsField(i), "TLS hosts");
            hosts.setValue(row.hosts);
            hosts.addValueChangeListener(e -> draftChanged(() -> row.hosts = e.getValue()));
            TextField secret = text(IngressDraft.tlsSecretField(i), "TLS Secret");
            secret.setValue(row.secret);
            secret.addValueChangeListener(e -> draftChanged(() -> row.secret = e.getValue()));
            Button remove = new Button("Remove", e -> {
                draft.removeTls(index);
                renderTls();
                draftChanged(() -> { });
            });
            remove.setId("tls-remove-" + i);
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            remove.setVisible(canEdit);
            hosts.setReadOnly(!canEdit);
            secret.setReadOnly(!canEdit);
            FlexLayout line = new FlexLayout(hosts, secret, remove);
            line.addClassName("rule-row");
            line.setId("tls-row-" + i);
            tlsBox.add(line);
        }
        showTlsWarnings();
    }

    /**
     * Puts the draft's TLS advice into the helper text of the TLS fields: a warning, not an error,
     * because the API accepts such entries (they are just rarely what was meant).
     */
    private void showTlsWarnings() {
        Map<String, String> warnings = new LinkedHashMap<>();
        draft.tlsWarnings().forEach(w -> warnings.merge(w.fieldId(), w.message(), (a, b) -> a + "; " + b));
        fields.forEach((id, field) -> {
            if (TLS_ROW_FIELD.matcher(id).matches() && field instanceof TextField t) {
                String warning = warnings.get(id);
                boolean hostsField = id.startsWith("tls-hosts");
                String helper = hostsField ? TLS_HOSTS_HELP : TLS_SECRET_HELP;
                t.setHelperText(warning == null ? helper : "Warning: " + warning);
                if (warning == null) {
                    t.removeClassName("field-warning");
                } else {
                    t.addClassName("field-warning");
                }
            }
        });
    }

    private void renderStatus(JsonNode stored) {
        statusBox.removeAll();
        if (stored == null) {
            statusBox.add(new Paragraph("Not stored yet."));
            return;
        }
        JsonNode status = stored.path("status");
        List<String> addresses = new ArrayList<>();
        for (JsonNode lb : status.path("loadBalancer").path("ingress")) {
            String host = lb.path("ip").asText(lb.path("hostname").asText(""));
            List<String> ports = new ArrayList<>();
            lb.path("ports").forEach(p -> ports.add(p.path("port").asText()));
            addresses.add(host + (ports.isEmpty() ? "" : ":" + String.join(",", ports)));
        }
        statusBox.add(new Paragraph("Served at: " + (addresses.isEmpty() ? "not reported yet" : String.join("; ", addresses))));
        UnorderedList conditions = new UnorderedList();
        for (JsonNode c : status.path("conditions")) {
            conditions.add(new ListItem(c.path("type").asText() + " = " + c.path("status").asText() + " ("
                    + c.path("reason").asText() + ")" + (c.path("message").asText("").isEmpty() ? ""
                    : ": " + c.path("message").asText())));
        }
        if (conditions.getChildren().findAny().isEmpty()) {
            statusBox.add(new Paragraph("No conditions reported yet."));
        } else {
            statusBox.add(conditions);
        }
        statusBox.add(new Paragraph("resourceVersion " + stored.path("metadata").path("resourceVersion").asText()));
    }

    /** Applies one change to the draft and re-checks the whole object with the API's validator. */
    private void draftChanged(Runnable change) {
        if (loading) {
            return;
        }
        change.run();
        touched = true;
        showErrors(LocalValidation.check(draft.build().object()), false);
        showTlsWarnings();
    }

    private void save() {
        IngressDraft.Built built = draft.build();
        List<FieldProblem> local = LocalValidation.check(built.object());
        if (!local.isEmpty()) {
            showErrors(local, true);
            Notices.error("Fix the marked fields first: nothing was saved");
            return;
        }
        ConsoleSession session = ConsoleSession.require();
        String ns = built.object().path("metadata").path("namespace").asText();
        String objectName = built.object().path("metadata").path("name").asText();
        JsonNode stored;
        try {
            StatusTolerantPut.put(session.api(), kind(), built.object(), draft.original());
            stored = session.api().get(kind(), ns, objectName);
        } catch (ApiProblem p) {
            showErrors(p.fieldProblems(), true);
            if (p.fieldProblems().isEmpty()) {
                formErrors.add(new ListItem(p.summary()));
            }
            Notices.error(p);
            return;
        }
        if (!sameContent(built.object(), stored)) {
            formErrors.removeAll();
            formErrors.add(new ListItem("The API stored something different from what was sent: reload and check."));
            Notices.error("Saved, but the stored object differs from the form");
            return;
        }
        show(IngressDraft.from(stored), stored);
        String version = stored.path("metadata").path("resourceVersion").asText();
        savedNote.setText("Saved and read back from the API: resourceVersion " + version);
        Notices.success("Saved " + ns + "/" + objectName + " (resourceVersion " + version + ")");
        getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null,
                new Location("ingress/edit", QueryParameters.simple(Map.of("ns", ns, "name", objectName)))));
    }

    /** Read-after-write: the stored spec and annotations are what the form sent. */
    static boolean sameContent(JsonNode sent, JsonNode stored) {
        return sent.path("spec").equals(stored.path("spec"))
                && sent.path("metadata").path("annotations").equals(stored.path("metadata").path("annotations"));
    }

    private void validateWithApi() {
        try {
            JsonNode result = ConsoleSession.require().api().apply(Json.write(draft.build().object()), true);
            clearErrors();
            Notices.success("Valid: would be " + result.path("results").path(0).path("result").asText("applied"));
        } catch (ApiProblem p) {
            showErrors(p.fieldProblems(), true);
            Notices.error(p);
        }
    }

    private void confirmDelete() {
        Button confirm = new Button("Delete");
        confirm.setId("ingress-delete-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setId("ingress-delete-dialog");
        dialog.setHeader("Delete " + draft.namespace + "/" + draft.name + "?");
        dialog.setText("The gateway stops serving its routes. The audit history can restore it.");
        dialog.setCancelable(true);
        dialog.setConfirmButton(confirm);
        confirm.addClickListener(e -> {
            dialog.close();
            try {
                ConsoleSession.require().api().delete(kind(), draft.namespace, draft.name);
                Notices.success("Deleted " + draft.namespace + "/" + draft.name);
                getUI().ifPresent(ui -> ui.navigate("ingress"));
            } catch (ApiProblem p) {
                Notices.error(p);
            }
        });
        dialog.open();
    }

    /**
     * Marks fields with their problems; problems no field claims go to the list above the buttons.
     *
     * @param always false while typing: then untouched new forms stay quiet
     */
    private void showErrors(List<FieldProblem> problems, boolean always) {
        clearErrors();
        if (!always && !touched) {
            return;
        }
        FieldProblemPlacement.show(problems, draft.build().targets(), fields, formErrors);
    }

    private void clearErrors() {
        formErrors.removeAll();
        savedNote.setText("");
        FieldProblemPlacement.clear(fields, formErrors);
    }

    private TextField text(String id, String label) {
        TextField t = new TextField(label);
        t.setId(id);
        t.setValueChangeMode(ValueChangeMode.LAZY);
        t.setValueChangeTimeout(300);
        // validation is the API validator's job; the component's own check would fight it
        t.setManualValidation(true);
        fields.put(id, t);
        return t;
    }

    /** A select of {@code words} with an empty first item, shown as {@code emptyLabel}, for "not set". */
    private Select<String> select(String id, String label, String emptyLabel, List<String> words) {
        Select<String> s = new Select<>();
        s.setId(id);
        s.setLabel(label);
        List<String> items = new ArrayList<>();
        items.add("");
        items.addAll(words);
        s.setItems(items);
        s.setItemLabelGenerator(v -> v == null || v.isEmpty() ? emptyLabel : v);
        s.setValue("");
        return s;
    }

    private static Checkbox checkbox(String id, String label) {
        Checkbox c = new Checkbox(label);
        c.setId(id);
        return c;
    }

    private static Component section(String title, Component... content) {
        Div s = new Div(new H2(title));
        s.add(content);
        s.addClassName("form-section");
        return s;
    }
}
