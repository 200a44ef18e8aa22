package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.meshgate.console.api.ApiProblem;
import io.meshgate.console.forms.EgressPath;
import io.meshgate.console.forms.MeshConfigSetting;
import io.meshgate.console.forms.TextLists;
import io.meshgate.console.session.ConsoleSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Egress policies (sources, hosts, ports and protocols, matches), the way their traffic leaves the
 * mesh (directly, or through the egress gateway an EgressGateway policy names), each policy's status
 * as the sidecar translator reports it, and the two MeshConfig switches that decide whether they
 * matter: with egress passthrough on, every outside host is reachable anyway; with the egress policy
 * flag off, Egress resources are ignored.
 */
@Route("egress")
@PageTitle("Egress")
@Menu(title = "Egress", order = 40, icon = "vaadin:exit")
public final class EgressListView extends KindListView {
    /** How the listed policies' traffic leaves the mesh; one EgressGateway policy serves every source. */
    private String path = "direct";
    private final MeshConfigPanel switches = new MeshConfigPanel("egress-mesh", "Mesh egress switches",
            MeshConfigSetting.EGRESS_SWITCHES);

    public EgressListView() {
        super("egress", "egress", "Egress", "egress/edit", "New Egress policy");
        addClassName("egress-list");
        grid.addComponentColumn(i -> editLink(i, "egress/edit")).setHeader("Name").setAutoWidth(true);
        grid.addColumn(EgressListView::sources).setHeader("Sources").setFlexGrow(1);
        grid.addColumn(EgressListView::destinations).setHeader("Hosts / IP ranges").setFlexGrow(2);
        grid.addColumn(EgressListView::ports).setHeader("Ports").setAutoWidth(true);
        grid.addColumn(EgressListView::matches).setHeader("Matches").setFlexGrow(1);
        grid.addColumn(i -> path).setHeader("Path").setFlexGrow(1);
        grid.addComponentColumn(IngressBackendListView::status).setHeader("Status").setAutoWidth(true);
        add(switches);
        addList();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        super.beforeEnter(event);
        switches.load(null, null);
    }

    @Override
    protected void load() {
        ConsoleSession session = ConsoleSession.require();
        try {
            path = EgressPath.describe(session.api().list(session.kind("EgressGateway"), null, null));
        } catch (ApiProblem p) {
            path = "unknown";
            Notices.error(p);
        }
        super.load();
    }

    @Override
    protected String searchText(JsonNode item) {
        return sources(item) + " " + destinations(item) + " " + ports(item) + " " + matches(item);
    }

    static String sources(JsonNode item) {
        List<String> out = new ArrayList<>();
        item.path("spec").path("sources").forEach(s -> out.add(s.path("namespace").asText() + "/"
                + s.path("name").asText() + (s.has("mtls") ? " (mTLS)" : "")));
        return String.join(", ", out);
    }

    static String destinations(JsonNode item) {
        String hosts = TextLists.join(item.path("spec").path("hosts"));
        String ips = TextLists.join(item.path("spec").path("ipAddresses"));
        return hosts.isEmpty() ? (ips.isEmpty() ? "any" : ips) : ips.isEmpty() ? hosts : hosts + "; " + ips;
    }

    static String ports(JsonNode item) {
        List<String> out = new ArrayList<>();
        item.path("spec").path("ports").forEach(p -> out.add(p.path("number").asText() + "/" + p.path("protocol").asText()));
        return String.join(", ", out);
    }

    static String matches(JsonNode item) {
        List<String> out = new ArrayList<>();
        item.path("spec").path("matches").forEach(m -> out.add(m.path("kind").asText() + " " + m.path("name").asText()));
        return out.isEmpty() ? "—" : String.join(", ", out);
    }
}
