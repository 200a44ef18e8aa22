package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import io.meshgate.console.api.ApiProblem;
import io.meshgate.console.session.ConsoleSession;

import java.util.List;
import java.util.Map;

/**
 * A list of one kind's objects with search, label and namespace filters kept in the URL, in the
 * manner of the Ingress list. Ids: {@code <prefix>-search|labels|namespace} (from {@link FilterBar}),
 * {@code <prefix>-grid}, {@code <prefix>-new} when a create route is given (hidden for viewers).
 */
abstract class KindListView extends VerticalLayout implements BeforeEnterObserver {
    protected final FilterBar filters;
    protected final Grid<JsonNode> grid = new Grid<>();
    protected final HorizontalLayout top;
    private final String kindName;

    /**
     * @param editRoute the create/edit route, or null for a read-only list
     */
    KindListView(String prefix, String route, String kindName, String editRoute, String newLabel) {
        this.kindName = kindName;
        // a method reference, not a value: subclass fields are not yet set while this constructor runs
        this.filters = new FilterBar(prefix, route, this::extraQuery);
        setSizeFull();
        top = new HorizontalLayout(filters);
        top.setWidthFull();
        top.expand(filters);
        top.setAlignItems(Alignment.BASELINE);
        top.setWrap(true);
        if (editRoute != null) {
            Button create = new Button(newLabel, e -> getUI().ifPresent(ui -> ui.navigate(editRoute)));
            create.setId(prefix + "-new");
            create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            create.setVisible(ConsoleSession.require().canEdit());
            top.add(create);
        }
        grid.setId(prefix + "-grid");
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_ROW_STRIPES);
        grid.setEmptyStateText("Nothing matches these filters");
        filters.onChange(f -> load());
    }

    /** Adds the top bar and the grid (subclasses may add panels between them first). */
    protected void addList() {
        add(top, grid);
        expand(grid);
    }

    /** Text the free-text search looks at besides name and namespace. */
    protected abstract String searchText(JsonNode item);

    /** Further URL parameters the subclass keeps besides the filters. */
    protected Map<String, String> extraQuery() {
        return Map.of();
    }

    /** Reads URL parameters of the subclass's own before the list loads. */
    protected void readQuery(Map<String, List<String>> parameters) { }

    /** Called with the listed objects after filtering, e.g. to fill a summary. */
    protected void loaded(List<JsonNode> items) { }

    /** Whether an object passes the subclass's own filters (after search). */
    protected boolean keep(JsonNode item) {
        return true;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        filters.show(ListFilters.from(event.getLocation().getQueryParameters()));
        readQuery(event.getLocation().getQueryParameters().getParameters());
        load();
    }

    protected void load() {
        ConsoleSession session = ConsoleSession.require();
        ListFilters f = filters.value();
        try {
            List<JsonNode> items = session.api().list(session.kind(kindName), f.namespace(), f.labels()).stream()
                    .filter(i -> f.matches(i, searchText(i)))
                    .filter(this::keep)
                    .toList();
            grid.setItems(items);
            loaded(items);
        } catch (ApiProblem p) {
            grid.setItems(List.of());
            Notices.error(p);
        }
    }

    /** {@code ns/name} linking to the edit route of the object. */
    static Anchor editLink(JsonNode item, String editRoute) {
        String ns = item.path("metadata").path("namespace").asText();
        String name = item.path("metadata").path("name").asText();
        return Texts.link(ns + "/" + name, editRoute, Map.of("ns", ns, "name", name));
    }

    /** A stable id fragment for an object: {@code ns-name} made of [a-z0-9-]. */
    static String idOf(JsonNode item) {
        return MainLayout.slug(item.path("metadata").path("namespace").asText() + "-"
                + item.path("metadata").path("name").asText());
    }
}
