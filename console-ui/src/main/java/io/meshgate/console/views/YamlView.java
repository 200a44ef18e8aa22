package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.splitlayout.SplitLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import io.meshgate.console.api.ApiKind;
import io.meshgate.console.api.ApiProblem;
import io.meshgate.console.api.FieldProblem;
import io.meshgate.console.forms.CopyCommands;
import io.meshgate.console.session.ConsoleSession;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any object as YAML: pick a kind and an object (filters and the selection live in the URL:
 * {@code yaml?kind=Ingress&ns=default&name=web}), edit, Validate (a dry-run apply; errors with
 * their line) and Apply; "copy as curl" and "copy as CLI" give the same apply as a command.
 */
@Route("yaml")
@PageTitle("YAML")
@Menu(title = "YAML", order = 80, icon = "vaadin:file-code")
public final class YamlView extends VerticalLayout implements BeforeEnterObserver {
    private final Select<String> kind = new Select<>();
    private final FilterBar filters = new FilterBar("yaml", "yaml", this::selection);
    private final Grid<JsonNode> objects = new Grid<>();
    private final TextArea editor = new TextArea();
    private final UnorderedList problems = new UnorderedList();
    private final TextArea command = new TextArea("Command");
    private final boolean canEdit = ConsoleSession.require().canEdit();
    private String selectedNamespace = "";
    private String selectedName = "";

    public YamlView() {
        setSizeFull();
        kind.setId("yaml-kind");
        kind.setLabel("Kind");
        kind.setItems(ConsoleSession.require().kinds().stream().map(ApiKind::kind).sorted().toList());
        kind.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                selectedNamespace = "";
                selectedName = "";
                filters.updateUrl();
                loadList();
            }
        });
        HorizontalLayout top = new HorizontalLayout(kind, filters);
        top.setWidthFull();
        top.expand(filters);
        top.setAlignItems(Alignment.BASELINE);
        top.setWrap(true);
        filters.onChange(f -> loadList());

        objects.setId("yaml-grid");
        objects.addThemeVariants(GridVariant.LUMO_COMPACT);
        objects.addColumn(o -> o.path("metadata").path("namespace").asText("")).setHeader("Namespace").setAutoWidth(true);
        objects.addColumn(o -> o.path("metadata").path("name").asText()).setHeader("Name").setFlexGrow(1);
        objects.asSingleSelect().addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                selectedNamespace = e.getValue().path("metadata").path("namespace").asText("");
                selectedName = e.getValue().path("metadata").path("name").asText();
                filters.updateUrl();
                loadObject();
            }
        });
        objects.setEmptyStateText("No objects");

        editor.setId("yaml-editor");
        editor.addClassName("yaml-editor");
        editor.setWidthFull();
        editor.setMinHeight("20rem");
        editor.setReadOnly(!canEdit);
        editor.setPlaceholder("Select an object, or paste YAML documents to apply");
        problems.setId("yaml-errors");
        problems.addClassName("problem-list");
        command.setId("yaml-command");
        command.setReadOnly(true);
        command.setWidthFull();
        command.addClassName("yaml-editor");
        command.setVisible(false);

        Button validate = new Button("Validate", e -> apply(true));
        validate.setId("yaml-validate");
        Button applyButton = new Button("Apply", e -> apply(false));
        applyButton.setId("yaml-apply");
        applyButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        validate.setVisible(canEdit);
        applyButton.setVisible(canEdit);
        Button reload = new Button("Reload", e -> loadObject());
        reload.setId("yaml-reload");
        Button curl = new Button("Copy as curl", e -> copy(CopyCommands.curl(
                ConsoleSession.require().api().base(), editor.getValue(), false)));
        curl.setId("yaml-copy-curl");
        Button cli = new Button("Copy as CLI", e -> copy(CopyCommands.cli(
                ConsoleSession.require().api().base(), editor.getValue())));
        cli.setId("yaml-copy-cli");
        HorizontalLayout actions = new HorizontalLayout(validate, applyButton, reload, curl, cli);
        actions.setWrap(true);

        VerticalLayout right = new VerticalLayout(editor, problems, actions, command);
        right.setPadding(false);
        SplitLayout split = new SplitLayout(objects, right);
        split.setSplitterPosition(30);
        split.setSizeFull();
        add(top, split);
        expand(split);
    }

    private Map<String, String> selection() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("kind", kind.getValue() == null ? "" : kind.getValue());
        q.put("object-ns", selectedNamespace);
        q.put("name", selectedName);
        return q;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        QueryParameters q = event.getLocation().getQueryParameters();
        ListFilters f = ListFilters.from(q);
        String k = ListFilters.first(q, "kind");
        kind.setValue(k.isEmpty() ? "Ingress" : ConsoleSession.require().kinds().stream()
                .filter(x -> x.kind().equalsIgnoreCase(k) || x.plural().equals(k)).map(ApiKind::kind)
                .findFirst().orElse("Ingress"));
        selectedName = ListFilters.first(q, "name");
        // links from other views name the object's namespace as ns (the list's filter)
        String objectNs = ListFilters.first(q, "object-ns");
        selectedNamespace = objectNs.isEmpty() ? f.namespace() : objectNs;
        filters.show(objectNs.isEmpty() && !selectedName.isEmpty() ? new ListFilters(f.search(), f.labels(), "") : f);
        loadList();
        loadObject();
    }

    private ApiKind selectedKind() {
        return ConsoleSession.require().kind(kind.getValue());
    }

    private void loadList() {
        ListFilters f = filters.value();
        try {
            objects.setItems(ConsoleSession.require().api().list(selectedKind(), f.namespace(), f.labels()).stream()
                    .filter(o -> f.matches(o, "")).toList());
        } catch (ApiProblem p) {
            objects.setItems(List.of());
            Notices.error(p);
        }
    }

    private void loadObject() {
        problems.removeAll();
        if (selectedName.isEmpty()) {
            return;
        }
        try {
            editor.setValue(ConsoleSession.require().api().getYaml(selectedKind(),
                    selectedKind().namespaced() ? selectedNamespace : null, selectedName));
        } catch (ApiProblem p) {
            Notices.error(p);
        }
    }

    private void apply(boolean dryRun) {
        problems.removeAll();
        try {
            JsonNode result = ConsoleSession.require().api().apply(editor.getValue(), dryRun);
            StringBuilder summary = new StringBuilder(dryRun ? "Valid: " : "Applied: ");
            for (JsonNode r : result.path("results")) {
                summary.append(r.path("kind").asText()).append(' ').append(r.path("name").asText()).append(' ')
                        .append(r.path("result").asText()).append("; ");
            }
            Notices.success(summary.toString());
            problems.add(new ListItem(summary.toString()));
            problems.getElement().setAttribute("data-state", dryRun ? "valid" : "applied");
            if (!dryRun) {
                loadList();
            }
        } catch (ApiProblem p) {
            problems.getElement().setAttribute("data-state", "error");
            if (p.fieldProblems().isEmpty()) {
                problems.add(new ListItem(p.summary()));
            }
            for (FieldProblem f : p.fieldProblems()) {
                problems.add(new ListItem(lineText(f)));
            }
            Notices.error(p);
        }
    }

    /** {@code line 7 (document 2): spec.rules[0].host: message}. */
    static String lineText(FieldProblem f) {
        StringBuilder s = new StringBuilder();
        if (f.line() != null) {
            s.append("line ").append(f.line());
            if (f.document() != null && f.document() > 0) {
                s.append(" (document ").append(f.document() + 1).append(')');
            }
            s.append(": ");
        }
        if (!f.field().isEmpty()) {
            s.append(f.field()).append(": ");
        }
        return s.append(f.message()).toString();
    }

    private void copy(String text) {
        command.setValue(text);
        command.setVisible(true);
        getUI().ifPresent(ui -> ui.getPage().executeJs(
                "if (navigator.clipboard) { navigator.clipboard.writeText($0).catch(() => {}); }", text));
        Notices.success("Copied (also shown below); it reads the token from $MESHGATE_TOKEN");
    }
}
