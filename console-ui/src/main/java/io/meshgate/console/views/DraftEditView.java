package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.QueryParameters;
import io.meshgate.console.api.ApiKind;
import io.meshgate.console.api.ApiProblem;
import io.meshgate.console.api.StatusTolerantPut;
import io.meshgate.console.api.FieldProblem;
import io.meshgate.console.api.Json;
import io.meshgate.console.forms.IngressDraft;
import io.meshgate.console.forms.LocalValidation;
import io.meshgate.console.session.ConsoleSession;

import java.util.List;
import java.util.Map;

/**
 * The frame of a create/edit form for one object of a policy kind: load by {@code ?ns=&name=}
 * (none = new), check as you type with the API's validator, Save (PUT, then read back and compare),
 * Validate (dry-run apply), Delete (confirmed), YAML, and the status the API stores. Subclasses
 * draw their fields into {@link #body} and build the object. Ids: {@code <prefix>-save},
 * {@code -validate}, {@code -delete}, {@code -delete-confirm}, {@code -yaml}, {@code -form-errors},
 * {@code -saved}, {@code -status}.
 */
abstract class DraftEditView extends VerticalLayout implements BeforeEnterObserver {
    protected final String prefix;
    protected final boolean canEdit = ConsoleSession.require().canEdit();
    protected final FormFields form;
    /** Where subclasses draw their fields; redrawn by {@link #render()}. */
    protected final Div body = new Div();
    private final String kindName;
    private final String route;
    private final String listRoute;
    private final Div statusBox = new Div();
    private final Paragraph savedNote = new Paragraph();
    private final Button delete = new Button("Delete");

    DraftEditView(String prefix, String kindName, String route, String listRoute, String listLabel) {
        this.prefix = prefix;
        this.kindName = kindName;
        this.route = route;
        this.listRoute = listRoute;
        this.form = new FormFields(prefix + "-form-errors");
        setMaxWidth("72rem");
        body.setWidthFull();
        Button save = new Button("Save", e -> save());
        save.setId(prefix + "-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button validate = new Button("Validate", e -> validateWithApi());
        validate.setId(prefix + "-validate");
        delete.setId(prefix + "-delete");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        delete.addClickListener(e -> confirmDelete());
        Button yaml = new Button("YAML", e -> getUI().ifPresent(ui -> ui.navigate("yaml",
                QueryParameters.simple(Map.of("kind", kindName, "ns", namespace(), "name", name())))));
        yaml.setId(prefix + "-yaml");
        save.setVisible(canEdit);
        validate.setVisible(canEdit);
        delete.setVisible(canEdit);
        HorizontalLayout actions = new HorizontalLayout(save, validate, yaml, delete);
        actions.setWrap(true);
        savedNote.setId(prefix + "-saved");
        statusBox.setId(prefix + "-status");
        add(Texts.link(listLabel, listRoute, Map.of()), body, section("Status", statusBox), form.errors(), actions,
                savedNote);
    }

    /** Starts a new, empty draft. */
    protected abstract void newDraft();

    /** Makes a draft of a stored object. */
    protected abstract void draftFrom(JsonNode stored);

    /** The object to send and where its field paths are shown. */
    protected abstract IngressDraft.Built build();

    /** Draws the draft's fields into {@link #body} (through {@link #form}). */
    protected abstract void drawFields();

    protected abstract String namespace();

    protected abstract String name();

    /** The status lines of a stored object ({@code status} as the API stores it). */
    protected abstract List<String> statusLines(JsonNode stored);

    /** The stored object the form shows (null for a new one): a save's base version. */
    private JsonNode opened;

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        QueryParameters q = event.getLocation().getQueryParameters();
        String ns = ListFilters.first(q, "ns");
        String objectName = ListFilters.first(q, "name");
        JsonNode stored = null;
        if (!objectName.isEmpty()) {
            try {
                stored = ConsoleSession.require().api().get(kind(), ns, objectName);
            } catch (ApiProblem p) {
                Notices.error(p);
            }
        }
        show(stored);
    }

    private void show(JsonNode stored) {
        opened = stored;
        if (stored == null) {
            newDraft();
        } else {
            draftFrom(stored);
        }
        delete.setEnabled(stored != null);
        render();
        renderStatus(stored);
        form.clear();
    }

    /** Draws the fields again (after rows were added or removed). */
    protected void render() {
        body.removeAll();
        form.forget("");
        form.setReadOnly(!canEdit);
        drawFields();
    }

    /** Call after every change of the draft: re-checks the object with the API's validator. */
    protected void changed() {
        savedNote.setText("");
        IngressDraft.Built built = build();
        form.show(LocalValidation.check(built.object()), built.targets());
    }

    protected ApiKind kind() {
        return ConsoleSession.require().kind(kindName);
    }

    private void save() {
        IngressDraft.Built built = build();
        List<FieldProblem> local = LocalValidation.check(built.object());
        if (!local.isEmpty()) {
            form.show(local, built.targets());
            Notices.error("Fix the marked fields first: nothing was saved");
            return;
        }
        ConsoleSession session = ConsoleSession.require();
        String ns = built.object().path("metadata").path("namespace").asText();
        String objectName = built.object().path("metadata").path("name").asText();
        JsonNode stored;
        try {
            StatusTolerantPut.put(session.api(), kind(), built.object(), opened);
            stored = session.api().get(kind(), ns, objectName);
        } catch (ApiProblem p) {
            form.show(p.fieldProblems(), built.targets());
            if (p.fieldProblems().isEmpty()) {
                form.formError(p.summary());
            }
            Notices.error(p);
            return;
        }
        if (!built.object().path("spec").equals(stored.path("spec"))) {
            form.clear();
            form.formError("The API stored something different from what was sent: reload and check.");
            Notices.error("Saved, but the stored object differs from the form");
            return;
        }
        show(stored);
        String version = stored.path("metadata").path("resourceVersion").asText();
        savedNote.setText("Saved and read back from the API: resourceVersion " + version);
        Notices.success("Saved " + ns + "/" + objectName + " (resourceVersion " + version + ")");
        getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null,
                new Location(route, QueryParameters.simple(Map.of("ns", ns, "name", objectName)))));
    }

    private void validateWithApi() {
        IngressDraft.Built built = build();
        try {
            JsonNode result = ConsoleSession.require().api().apply(Json.write(built.object()), true);
            form.clear();
            Notices.success("Valid: would be " + result.path("results").path(0).path("result").asText("applied"));
        } catch (ApiProblem p) {
            form.show(p.fieldProblems(), built.targets());
            Notices.error(p);
        }
    }

    private void confirmDelete() {
        Button confirm = new Button("Delete");
        confirm.setId(prefix + "-delete-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setId(prefix + "-delete-dialog");
        dialog.setHeader("Delete " + kindName + " " + namespace() + "/" + name() + "?");
        dialog.setText("The audit history can restore it.");
        dialog.setCancelable(true);
        dialog.setConfirmButton(confirm);
        confirm.addClickListener(e -> {
            dialog.close();
            try {
                ConsoleSession.require().api().delete(kind(), namespace(), name());
                Notices.success("Deleted " + namespace() + "/" + name());
                getUI().ifPresent(ui -> ui.navigate(listRoute));
            } catch (ApiProblem p) {
                Notices.error(p);
            }
        });
        dialog.open();
    }

    private void renderStatus(JsonNode stored) {
        statusBox.removeAll();
        if (stored == null) {
            statusBox.add(new Paragraph("Not stored yet."));
            return;
        }
        List<String> lines = statusLines(stored);
        if (lines.isEmpty()) {
            statusBox.add(new Paragraph("No status reported yet."));
        }
        lines.forEach(l -> statusBox.add(new Paragraph(l)));
        statusBox.add(new Paragraph("resourceVersion " + stored.path("metadata").path("resourceVersion").asText()));
    }

    /** A titled part of the form. */
    static Component section(String title, Component... content) {
        Div s = new Div(new H2(title));
        s.add(content);
        s.addClassName("form-section");
        return s;
    }

    /** A row of fields that wraps on narrow windows. */
    static Div row(String id, Component... fields) {
        Div line = new Div(fields);
        line.addClassName("rule-row");
        line.getStyle().set("display", "flex");
        line.setId(id);
        return line;
    }

    /** A remove button for row {@code id} of a list (hidden for viewers and when only {@code min} rows are left). */
    Button removeButton(String id, int rows, int min, Runnable remove) {
        Button b = new Button("Remove", e -> {
            remove.run();
            render();
            changed();
        });
        b.setId(id);
        b.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        b.setVisible(canEdit && rows > min);
        return b;
    }

    /** An add button for a list of rows (hidden for viewers). */
    Button addButton(String id, String label, Runnable add) {
        Button b = new Button(label, e -> {
            add.run();
            render();
            changed();
        });
        b.setId(id);
        b.setVisible(canEdit);
        return b;
    }
}
