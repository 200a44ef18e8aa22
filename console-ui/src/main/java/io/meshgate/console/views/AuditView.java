package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import io.meshgate.console.api.ApiProblem;
import io.meshgate.console.api.AuditFilter;
import io.meshgate.console.api.AuditPage;
import io.meshgate.console.api.Json;
import io.meshgate.console.forms.LineDiff;
import io.meshgate.console.session.ConsoleSession;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who changed what and when: filters (kept in the URL), a side-by-side diff of a row's before and
 * after (Secret data arrives redacted from the API), and restore with a confirmation. Restore is
 * the API's revert: it puts {@code before} back as a new, audited change.
 */
@Route("audit")
@PageTitle("Audit history")
@Menu(title = "Audit history", order = 90, icon = "vaadin:time-backward")
public final class AuditView extends VerticalLayout implements BeforeEnterObserver {
    private static final int PAGE = 100;
    private static final List<String> VERBS = List.of("", "create", "update", "delete", "revert", "rejected", "status");

    private final TextField kind = filter("audit-kind", "Kind");
    private final TextField namespace = filter("audit-namespace", "Namespace");
    private final TextField name = filter("audit-name", "Name");
    private final TextField actor = filter("audit-actor", "Who");
    private final Select<String> verb = new Select<>();
    private final Grid<JsonNode> grid = new Grid<>();
    private final Div detail = new Div();
    private final boolean canEdit = ConsoleSession.require().canEdit();
    private String selectedId = "";

    public AuditView() {
        setSizeFull();
        verb.setId("audit-verb");
        verb.setLabel("Verb");
        verb.setItems(VERBS);
        verb.setItemLabelGenerator(v -> v.isEmpty() ? "any" : v);
        verb.setValue("");
        verb.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                filtersChanged();
            }
        });
        FlexLayout bar = new FlexLayout(kind, namespace, name, actor, verb);
        bar.addClassName("filter-bar");
        bar.setFlexWrap(FlexLayout.FlexWrap.WRAP);

        grid.setId("audit-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addColumn(a -> a.path("id").asText()).setHeader("#").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(a -> Texts.when(a.path("at").asText())).setHeader("When").setAutoWidth(true);
        grid.addColumn(a -> a.path("actor").asText()).setHeader("Who").setAutoWidth(true);
        grid.addColumn(a -> a.path("verb").asText()).setHeader("Verb").setAutoWidth(true);
        grid.addColumn(Texts::objectText).setHeader("What").setFlexGrow(1);
        grid.addColumn(a -> a.path("message").asText("")).setHeader("Message").setFlexGrow(1);
        grid.setEmptyStateText("No changes match these filters");
        grid.asSingleSelect().addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                selectedId = e.getValue().path("id").asText();
                updateUrl();
                showDetail();
            }
        });
        grid.setHeight("40vh");
        grid.setMinHeight("14rem");
        setFlexShrink(0, grid);
        detail.setId("audit-detail");
        detail.setWidthFull();
        add(bar, grid, detail);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        QueryParameters q = event.getLocation().getQueryParameters();
        kind.setValue(ListFilters.first(q, "kind"));
        namespace.setValue(ListFilters.first(q, "ns"));
        name.setValue(ListFilters.first(q, "name"));
        actor.setValue(ListFilters.first(q, "actor"));
        String v = ListFilters.first(q, "verb");
        verb.setValue(VERBS.contains(v) ? v : "");
        selectedId = ListFilters.first(q, "id");
        load();
        showDetail();
    }

    private TextField filter(String id, String label) {
        TextField t = new TextField(label);
        t.setId(id);
        t.setClearButtonVisible(true);
        t.setValueChangeMode(ValueChangeMode.LAZY);
        t.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                filtersChanged();
            }
        });
        return t;
    }

    private void filtersChanged() {
        updateUrl();
        load();
    }

    private void updateUrl() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("kind", kind.getValue());
        q.put("ns", namespace.getValue());
        q.put("name", name.getValue());
        q.put("actor", actor.getValue());
        q.put("verb", verb.getValue());
        q.put("id", selectedId);
        q.values().removeIf(String::isBlank);
        getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null,
                new Location("audit", QueryParameters.simple(q))));
    }

    private void load() {
        AuditFilter filter = new AuditFilter(kind.getValue(), namespace.getValue(), name.getValue(), actor.getValue(),
                verb.getValue(), null, null, PAGE, null);
        try {
            AuditPage page = ConsoleSession.require().api().audit(filter);
            grid.setItems(page.items());
        } catch (ApiProblem p) {
            grid.setItems(List.of());
            Notices.error(p);
        }
    }

    private void showDetail() {
        detail.removeAll();
        if (selectedId.isEmpty()) {
            detail.add(new Paragraph("Select a change to see its diff."));
            return;
        }
        JsonNode row;
        try {
            row = ConsoleSession.require().api().auditEntry(Long.parseLong(selectedId));
        } catch (ApiProblem p) {
            Notices.error(p);
            return;
        } catch (NumberFormatException e) {
            return;
        }
        detail.add(new H3("#" + row.path("id").asText() + " " + row.path("verb").asText() + " "
                + Texts.objectText(row) + " by " + row.path("actor").asText() + ", " + Texts.when(row.path("at").asText())));
        if (!row.path("message").asText("").isEmpty()) {
            detail.add(new Paragraph(row.path("message").asText()));
        }
        detail.add(diff(Json.yaml(row.get("before")), Json.yaml(row.get("after"))));
        boolean restorable = canEdit && !"Secret".equals(row.path("kind").asText())
                && !"rejected".equals(row.path("verb").asText()) && !"status".equals(row.path("verb").asText());
        if (restorable) {
            Button restore = new Button(row.path("before").isNull() || row.path("before").isMissingNode()
                    ? "Restore: delete what this created" : "Restore the state before this change", e -> confirmRestore(row));
            restore.setId("audit-restore");
            restore.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            detail.add(restore);
        } else if (canEdit && "Secret".equals(row.path("kind").asText())) {
            detail.add(new Paragraph("Secrets cannot be restored from the audit: their stored copy is redacted."));
        }
    }

    /** Before on the left, after on the right; removed lines red, added lines green. */
    private static Div diff(String before, String after) {
        Div left = new Div();
        Div right = new Div();
        left.addClassName("side");
        right.addClassName("side");
        left.setId("audit-before");
        right.setId("audit-after");
        for (LineDiff.Row r : LineDiff.diff(before, after)) {
            left.add(line(r.left(), r.change() == LineDiff.Change.REMOVED ? "removed" : null));
            right.add(line(r.right(), r.change() == LineDiff.Change.ADDED ? "added" : null));
        }
        Div diff = new Div(left, right);
        diff.addClassName("diff");
        diff.setId("audit-diff");
        return diff;
    }

    private static Div line(String text, String change) {
        Div d = new Div();
        d.setText(text);
        d.addClassName("line");
        if (change != null) {
            d.addClassName(change);
        }
        return d;
    }

    private void confirmRestore(JsonNode row) {
        Button confirm = new Button("Restore");
        confirm.setId("audit-restore-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setId("audit-restore-dialog");
        dialog.setHeader("Restore " + Texts.objectText(row) + "?");
        dialog.setText("This puts back the state before change #" + row.path("id").asText()
                + " as a new change (audited as revert).");
        dialog.setCancelable(true);
        dialog.setConfirmButton(confirm);
        confirm.addClickListener(e -> {
            dialog.close();
            try {
                JsonNode result = ConsoleSession.require().api().revert(row.path("id").asLong());
                Notices.success("Restored " + Texts.objectText(row) + ": " + result.path("result").asText());
                selectedId = "";
                updateUrl();
                load();
                showDetail();
            } catch (ApiProblem p) {
                Notices.error(p);
            }
        });
        dialog.open();
    }
}
