package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.meshgate.console.mesh.EnforcedCondition;

import java.util.ArrayList;
import java.util.List;

/** Every IngressBackend: which backends (port, protocol, TLS) admit which sources, and its status. */
@Route("ingressbackends")
@PageTitle("IngressBackend")
@Menu(title = "IngressBackend", order = 30, icon = "vaadin:exit-o")
public final class IngressBackendListView extends KindListView {

    public IngressBackendListView() {
        super("ib", "ingressbackends", "IngressBackend", "ingressbackends/edit", "New IngressBackend");
        addClassName("ingressbackend-list");
        grid.addComponentColumn(i -> editLink(i, "ingressbackends/edit")).setHeader("Name").setAutoWidth(true);
        grid.addColumn(IngressBackendListView::backends).setHeader("Backends").setFlexGrow(2);
        grid.addColumn(IngressBackendListView::sources).setHeader("Sources").setFlexGrow(2);
        grid.addComponentColumn(IngressBackendListView::status).setHeader("Status").setAutoWidth(true);
        grid.addComponentColumn(IngressBackendListView::enforced).setHeader("Enforced").setAutoWidth(true);
        addList();
    }

    @Override
    protected String searchText(JsonNode item) {
        return backends(item) + " " + sources(item);
    }

    static String backends(JsonNode item) {
        List<String> out = new ArrayList<>();
        for (JsonNode b : item.path("spec").path("backends")) {
            JsonNode tls = b.path("tls");
            out.add(b.path("name").asText() + ":" + b.path("port").path("number").asText() + "/"
                    + b.path("port").path("protocol").asText()
                    + (tls.isObject() ? tls.path("skipClientCertValidation").asBoolean() ? " (client certs not checked)"
                    : " (client certs checked)" : ""));
        }
        return String.join("; ", out);
    }

    static String sources(JsonNode item) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : item.path("spec").path("sources")) {
            String ns = s.path("namespace").asText("");
            out.add(s.path("kind").asText() + " " + (ns.isEmpty() ? "" : ns + "/") + s.path("name").asText());
        }
        return String.join("; ", out);
    }

    /**
     * Whether the sidecars in front of its backends enforce it (the {@code Enforced} condition);
     * the condition's message, which says why not, in the tooltip (and on the edit form's status).
     * Id {@code ib-enforced-<ns>-<name>}.
     */
    static Span enforced(JsonNode item) {
        EnforcedCondition c = EnforcedCondition.of(item);
        Span badge = OverviewView.badge(c.label(), switch (c.state()) {
            case ENFORCED -> "success";
            case NOT_ENFORCED -> "warning";
            case UNKNOWN -> "contrast";
        });
        badge.setId("ib-enforced-" + idOf(item));
        badge.setTitle(c.message().isEmpty() ? "no Enforced condition reported yet" : c.message());
        return badge;
    }

    static Span status(JsonNode item) {
        List<String> lines = IngressBackendEditView.statusOf(item);
        if (lines.isEmpty()) {
            return OverviewView.badge("no status", "contrast");
        }
        String current = item.path("status").path("currentStatus").asText("");
        Span badge = OverviewView.badge(current.isEmpty() ? "reported" : current,
                current.equalsIgnoreCase("committed") || current.equalsIgnoreCase("accepted") ? "success" : "warning");
        badge.setTitle(String.join("\n", lines));
        return badge;
    }
}
