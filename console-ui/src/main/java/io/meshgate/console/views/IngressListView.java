package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.meshgate.console.api.ApiProblem;
import io.meshgate.console.session.ConsoleSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every Ingress with its hosts, paths, backends, class, TLS and the status the controller reports. */
@Route("ingress")
@PageTitle("Ingress")
@Menu(title = "Ingress", order = 10, icon = "vaadin:sign-in-alt")
public final class IngressListView extends VerticalLayout implements BeforeEnterObserver {
    private final FilterBar filters = new FilterBar("ingress", "ingress", Map::of);
    private final Grid<JsonNode> grid = new Grid<>();

    public IngressListView() {
        setSizeFull();
        Button create = new Button("New Ingress", e -> getUI().ifPresent(ui -> ui.navigate("ingress/edit")));
        create.setId("ingress-new");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setVisible(ConsoleSession.require().canEdit());
        HorizontalLayout top = new HorizontalLayout(filters, create);
        top.setWidthFull();
        top.expand(filters);
        top.setAlignItems(Alignment.BASELINE);
        top.setWrap(true);

        grid.setId("ingress-grid");
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_ROW_STRIPES);
        grid.addComponentColumn(i -> Texts.link(i.path("metadata").path("namespace").asText() + "/"
                        + i.path("metadata").path("name").asText(), "ingress/edit",
                Map.of("ns", i.path("metadata").path("namespace").asText(),
                        "name", i.path("metadata").path("name").asText())))
                .setHeader("Name").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(IngressListView::hosts).setHeader("Hosts").setFlexGrow(1);
        grid.addColumn(IngressListView::routes).setHeader("Paths → backends").setFlexGrow(2);
        grid.addColumn(i -> i.path("spec").path("ingressClassName").asText("—")).setHeader("Class").setAutoWidth(true);
        grid.addColumn(i -> i.path("spec").path("tls").isEmpty() ? "—" : "TLS").setHeader("TLS").setAutoWidth(true);
        grid.addComponentColumn(IngressListView::statusBadge).setHeader("Status").setAutoWidth(true);
        grid.setEmptyStateText("No Ingress matches these filters");
        add(top, grid);
        expand(grid);
        filters.onChange(f -> load());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        filters.show(ListFilters.from(event.getLocation().getQueryParameters()));
        load();
    }

    private void load() {
        ConsoleSession session = ConsoleSession.require();
        ListFilters f = filters.value();
        try {
            List<JsonNode> items = session.api().list(session.kind("Ingress"), f.namespace(), f.labels());
            grid.setItems(items.stream().filter(i -> f.matches(i, hosts(i) + " " + routes(i))).toList());
        } catch (ApiProblem p) {
            grid.setItems(List.of());
            Notices.error(p);
        }
    }

    static String hosts(JsonNode ingress) {
        List<String> hosts = new ArrayList<>();
        for (JsonNode rule : ingress.path("spec").path("rules")) {
            String h = rule.path("host").asText("*");
            if (!hosts.contains(h)) {
                hosts.add(h);
            }
        }
        return hosts.isEmpty() ? "*" : String.join(", ", hosts);
    }

    static String routes(JsonNode ingress) {
        List<String> routes = new ArrayList<>();
        for (JsonNode rule : ingress.path("spec").path("rules")) {
            for (JsonNode p : rule.path("http").path("paths")) {
                JsonNode svc = p.path("backend").path("service");
                JsonNode port = svc.path("port");
                routes.add(p.path("path").asText("/") + " → " + svc.path("name").asText("?") + ":"
                        + (port.has("number") ? port.path("number").asText() : port.path("name").asText("?")));
            }
        }
        JsonNode def = ingress.path("spec").path("defaultBackend").path("service");
        if (!def.isMissingNode()) {
            routes.add("(default) → " + def.path("name").asText());
        }
        return String.join("; ", routes);
    }

    /** Ready when the controller accepted it, the failing condition's reason otherwise, "pending" before any status. */
    static Span statusBadge(JsonNode object) {
        JsonNode conditions = object.path("status").path("conditions");
        if (conditions.isEmpty()) {
            return object.path("status").path("loadBalancer").path("ingress").isEmpty()
                    ? OverviewView.badge("pending", "contrast") : OverviewView.badge("serving", "success");
        }
        for (JsonNode c : conditions) {
            // Conflicted is the one condition whose True is the problem
            boolean holds = "True".equalsIgnoreCase(c.path("status").asText());
            if (holds == "Conflicted".equals(c.path("type").asText())) {
                Span bad = OverviewView.badge(c.path("type").asText() + ": " + c.path("reason").asText(), "error");
                bad.setTitle(c.path("message").asText(""));
                return bad;
            }
        }
        return OverviewView.badge("accepted", "success");
    }
}
