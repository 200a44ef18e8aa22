package io.meshgate.console.views;

import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.QueryParameters;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Search, label and namespace fields of a list view. Each change rewrites the URL's query (history
 * replace, so Back leaves the view rather than undoing keystrokes) and tells the view to reload.
 * Field ids: {@code <prefix>-search}, {@code <prefix>-labels}, {@code <prefix>-ns}.
 */
public final class FilterBar extends FlexLayout {
    private final TextField search = new TextField();
    private final TextField labels = new TextField();
    private final TextField namespace = new TextField();
    private final String route;
    private final Supplier<Map<String, String>> extraQuery;
    private Consumer<ListFilters> listener = f -> { };

    /**
     * @param prefix     id prefix, e.g. {@code ingress}
     * @param route      the view's route, for the URL
     * @param extraQuery other parameters the view keeps in its URL
     */
    public FilterBar(String prefix, String route, Supplier<Map<String, String>> extraQuery) {
        this.route = route;
        this.extraQuery = extraQuery;
        addClassName("filter-bar");
        setFlexWrap(FlexWrap.WRAP);
        setAlignItems(FlexComponent.Alignment.BASELINE);
        search.setPlaceholder("Search name, host, service…");
        search.setClearButtonVisible(true);
        search.setId(prefix + "-search");
        search.setAriaLabel("Search");
        labels.setPlaceholder("Labels, e.g. app=web,tier");
        labels.setClearButtonVisible(true);
        labels.setId(prefix + "-labels");
        labels.setAriaLabel("Label selector");
        namespace.setPlaceholder("All namespaces");
        namespace.setClearButtonVisible(true);
        namespace.setId(prefix + "-ns");
        namespace.setAriaLabel("Namespace");
        for (TextField f : new TextField[] {search, labels, namespace}) {
            f.setValueChangeMode(ValueChangeMode.LAZY);
            f.addValueChangeListener(e -> {
                if (e.isFromClient()) {
                    changed();
                }
            });
        }
        add(search, labels, namespace);
    }

    /** Called with the new filters after each change. */
    public void onChange(Consumer<ListFilters> onChange) {
        this.listener = onChange;
    }

    /** Shows filters read from the URL (does not fire the listener). */
    public void show(ListFilters filters) {
        search.setValue(filters.search());
        labels.setValue(filters.labels());
        namespace.setValue(filters.namespace());
    }

    public ListFilters value() {
        return new ListFilters(search.getValue(), labels.getValue(), namespace.getValue());
    }

    /** Rewrites the URL with the current filters (also after a view changes its own extra parameters). */
    public void updateUrl() {
        QueryParameters q = value().toQuery(extraQuery.get());
        getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null, new Location(route, q)));
    }

    private void changed() {
        updateUrl();
        listener.accept(value());
    }
}
