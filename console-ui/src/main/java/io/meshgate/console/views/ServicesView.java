package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.meshgate.console.api.ApiProblem;
import io.meshgate.console.session.ConsoleSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Services with their ports and the addresses of their Endpoints (what the gateway actually
 * balances over). Read-only: Services and Endpoints are edited as YAML (link per row).
 */
@Route("services")
@PageTitle("Services")
@Menu(title = "Services", order = 60, icon = "vaadin:cluster")
public final class ServicesView extends KindListView {
    /** Endpoints by {@code ns/name}, loaded with the Services. */
    private Map<String, JsonNode> endpoints = Map.of();

    public ServicesView() {
        super("services", "services", "Service", null, null);
        addClassName("services");
        grid.addColumn(s -> s.path("metadata").path("namespace").asText() + "/" + s.path("metadata").path("name").asText())
                .setHeader("Service").setAutoWidth(true);
        grid.addColumn(s -> s.path("spec").path("type").asText("ClusterIP")).setHeader("Type").setAutoWidth(true);
        grid.addColumn(ServicesView::ports).setHeader("Ports").setFlexGrow(1);
        grid.addColumn(s -> addresses(endpoints.get(key(s)))).setHeader("Endpoints").setFlexGrow(2);
        grid.addComponentColumn(s -> Texts.link("YAML", "yaml", Map.of("kind", "Service",
                "ns", s.path("metadata").path("namespace").asText(), "name", s.path("metadata").path("name").asText())))
                .setHeader("").setAutoWidth(true);
        addList();
    }

    @Override
    protected void load() {
        ConsoleSession session = ConsoleSession.require();
        Map<String, JsonNode> byKey = new HashMap<>();
        try {
            for (JsonNode e : session.api().list(session.kind("Endpoints"), filters.value().namespace(), null)) {
                byKey.put(key(e), e);
            }
        } catch (ApiProblem p) {
            Notices.error(p);
        }
        endpoints = byKey;
        super.load();
    }

    @Override
    protected String searchText(JsonNode item) {
        return ports(item) + " " + addresses(endpoints.get(key(item)));
    }

    private static String key(JsonNode o) {
        return o.path("metadata").path("namespace").asText() + "/" + o.path("metadata").path("name").asText();
    }

    /** {@code http 80→8080/TCP, 443/TCP}. */
    static String ports(JsonNode service) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : service.path("spec").path("ports")) {
            String name = p.path("name").asText("");
            String target = p.path("targetPort").asText("");
            out.add((name.isEmpty() ? "" : name + " ") + p.path("port").asText()
                    + (target.isEmpty() || target.equals(p.path("port").asText()) ? "" : "→" + target)
                    + "/" + p.path("protocol").asText("TCP")
                    + (p.hasNonNull("appProtocol") ? " (" + p.path("appProtocol").asText() + ")" : ""));
        }
        return out.isEmpty() ? "—" : String.join(", ", out);
    }

    /** {@code 10.0.0.5, 10.0.0.6 :8080} per subset; not-ready addresses marked. */
    static String addresses(JsonNode endpoints) {
        if (endpoints == null) {
            return "no Endpoints object";
        }
        List<String> out = new ArrayList<>();
        for (JsonNode subset : endpoints.path("subsets")) {
            List<String> ips = new ArrayList<>();
            subset.path("addresses").forEach(a -> ips.add(a.path("ip").asText(a.path("hostname").asText("?"))));
            subset.path("notReadyAddresses").forEach(a -> ips.add(a.path("ip").asText("?") + " (not ready)"));
            List<String> ports = new ArrayList<>();
            subset.path("ports").forEach(p -> ports.add(p.path("port").asText()));
            out.add(String.join(", ", ips) + (ports.isEmpty() ? "" : " :" + String.join(",", ports)));
        }
        return out.isEmpty() ? "no addresses" : String.join("; ", out);
    }
}
