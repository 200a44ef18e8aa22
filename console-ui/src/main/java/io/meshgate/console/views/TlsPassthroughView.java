package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.meshgate.console.api.ApiProblem;
import io.meshgate.console.forms.MergePatches;
import io.meshgate.console.forms.MeshConfigSetting;
import io.meshgate.console.session.ConsoleSession;
import io.meshgate.resources.IngressAnnotations;
import io.meshgate.resources.annotations.IngressAnnotationTable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hosts whose TLS the ingress gateway relays undecrypted. Two mechanisms (see the ingress
 * controller's IngressTranslator): an Ingress annotated {@code meshgate.io/tls-passthrough: "true"}
 * sends its hosts' TLS to its first backend; MeshConfig {@code ingress.tls.sslPassthrough} relays
 * any server name on the allow-list (hosts of Ingresses annotated
 * {@code meshgate.io/tls-passthrough-allowed: "true"}) to {@code <SNI>:<upstreamPort>}. Names and
 * column headers are the annotation table's. Ids: {@code passthrough-only}, {@code passthrough-hosts},
 * {@code passthrough-allowed-hosts}, {@code passthrough-toggle-<ns>-<name>},
 * {@code passthrough-allow-<ns>-<name>}, and the MeshConfig panel's.
 */
@Route("tls-passthrough")
@PageTitle("TLS passthrough")
@Menu(title = "TLS passthrough", order = 20, icon = "vaadin:lock")
public final class TlsPassthroughView extends KindListView {
    static final String PASSTHROUGH = IngressAnnotationTable.TLS_PASSTHROUGH.name();
    static final String ALLOWED = IngressAnnotationTable.TLS_PASSTHROUGH_ALLOWED.name();

    private final Checkbox onlyPassthrough = new Checkbox("Only Ingresses passed through or allow-listed");
    private final Paragraph passedHosts = new Paragraph();
    private final Paragraph allowedHosts = new Paragraph();
    private final MeshConfigPanel settings = new MeshConfigPanel("passthrough-mesh", "Global SSL passthrough (MeshConfig)",
            MeshConfigSetting.PASSTHROUGH_SETTINGS);
    private final boolean canEdit = ConsoleSession.require().canEdit();

    public TlsPassthroughView() {
        super("passthrough", "tls-passthrough", "Ingress", null, null);
        addClassName("tls-passthrough");
        onlyPassthrough.setId("passthrough-only");
        onlyPassthrough.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                filters.updateUrl();
                load();
            }
        });
        top.add(onlyPassthrough);
        passedHosts.setId("passthrough-hosts");
        allowedHosts.setId("passthrough-allowed-hosts");
        grid.addComponentColumn(i -> editLink(i, "ingress/edit")).setHeader("Ingress").setAutoWidth(true);
        grid.addColumn(i -> String.join(", ", hosts(i))).setHeader("Hosts").setFlexGrow(1);
        grid.addColumn(TlsPassthroughView::firstBackend).setHeader("Relayed to").setAutoWidth(true);
        grid.addComponentColumn(i -> flag(i, PASSTHROUGH, "passthrough-toggle-"))
                .setHeader(IngressAnnotationTable.TLS_PASSTHROUGH.label()).setAutoWidth(true);
        grid.addComponentColumn(i -> flag(i, ALLOWED, "passthrough-allow-"))
                .setHeader(IngressAnnotationTable.TLS_PASSTHROUGH_ALLOWED.label()).setAutoWidth(true);
        grid.addComponentColumn(TlsPassthroughView::status).setHeader("Status").setAutoWidth(true);
        add(settings, passedHosts, allowedHosts);
        addList();
    }

    @Override
    protected Map<String, String> extraQuery() {
        return onlyPassthrough.getValue() ? Map.of("only", "1") : Map.of();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        super.beforeEnter(event);
        settings.load(null, null);
    }

    @Override
    protected void readQuery(Map<String, List<String>> parameters) {
        onlyPassthrough.setValue(parameters.getOrDefault("only", List.of()).contains("1"));
    }

    @Override
    protected boolean keep(JsonNode item) {
        return !onlyPassthrough.getValue() || on(item, PASSTHROUGH) || on(item, ALLOWED);
    }

    @Override
    protected String searchText(JsonNode item) {
        return String.join(" ", hosts(item)) + " " + firstBackend(item);
    }

    @Override
    protected void loaded(List<JsonNode> items) {
        Set<String> passed = new LinkedHashSet<>();
        Set<String> allowed = new LinkedHashSet<>();
        for (JsonNode i : items) {
            if (on(i, PASSTHROUGH)) {
                passed.addAll(hosts(i));
            }
            if (on(i, ALLOWED)) {
                allowed.addAll(hosts(i));
            }
        }
        passedHosts.setText("Sent through untouched to their Ingress's backend: "
                + (passed.isEmpty() ? "none" : String.join(", ", passed)));
        allowedHosts.setText("Allowed through the global passthrough (when it is on): "
                + (allowed.isEmpty() ? "none listed here (the operator's allow-list may add more)" : String.join(", ", allowed)));
    }

    private Checkbox flag(JsonNode ingress, String annotation, String idPrefix) {
        Checkbox box = new Checkbox(on(ingress, annotation));
        box.setId(idPrefix + idOf(ingress));
        box.setAriaLabel(annotation + " on " + ingress.path("metadata").path("name").asText());
        box.setReadOnly(!canEdit);
        box.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                setAnnotation(ingress, annotation, e.getValue());
            }
        });
        return box;
    }

    /** Merge-patches one annotation and reads the Ingress back to confirm. */
    private void setAnnotation(JsonNode ingress, String annotation, boolean value) {
        ConsoleSession session = ConsoleSession.require();
        String ns = ingress.path("metadata").path("namespace").asText();
        String name = ingress.path("metadata").path("name").asText();
        try {
            var kind = session.kind("Ingress");
            session.api().mergePatch(kind, ns, name, MergePatches.annotation(annotation, value ? "true" : null));
            JsonNode readBack = session.api().get(kind, ns, name);
            if (on(readBack, annotation) == value) {
                Notices.success(annotation + (value ? " set on " : " removed from ") + ns + "/" + name);
            } else {
                Notices.error("The API did not store " + annotation + " on " + ns + "/" + name);
            }
        } catch (ApiProblem p) {
            Notices.error(p);
        }
        load();
    }

    static boolean on(JsonNode ingress, String annotation) {
        return IngressAnnotations.parseFlag(ingress.path("metadata").path("annotations").path(annotation).asText(""))
                .orElse(false);
    }

    static List<String> hosts(JsonNode ingress) {
        List<String> hosts = new ArrayList<>();
        for (JsonNode rule : ingress.path("spec").path("rules")) {
            String h = rule.path("host").asText("");
            if (!h.isEmpty() && !hosts.contains(h)) {
                hosts.add(h);
            }
        }
        return hosts;
    }

    static String firstBackend(JsonNode ingress) {
        for (JsonNode rule : ingress.path("spec").path("rules")) {
            for (JsonNode p : rule.path("http").path("paths")) {
                JsonNode svc = p.path("backend").path("service");
                JsonNode port = svc.path("port");
                return svc.path("name").asText("?") + ":" + (port.has("number") ? port.path("number").asText()
                        : port.path("name").asText("?"));
            }
        }
        return "—";
    }

    /** The controller's TLSPassthrough condition when it refused the annotation, else the Ingress status. */
    static Span status(JsonNode ingress) {
        for (JsonNode c : ingress.path("status").path("conditions")) {
            if ("TLSPassthrough".equals(c.path("type").asText()) && "False".equalsIgnoreCase(c.path("status").asText())) {
                Span bad = OverviewView.badge(c.path("reason").asText("not passed through"), "error");
                bad.setTitle(c.path("message").asText(""));
                return bad;
            }
        }
        return IngressListView.statusBadge(ingress);
    }
}
