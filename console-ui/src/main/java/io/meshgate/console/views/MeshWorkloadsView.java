package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.meshgate.console.api.ApiClient;
import io.meshgate.console.api.ApiKind;
import io.meshgate.console.api.ApiProblem;
import io.meshgate.console.mesh.MeshWorkload;
import io.meshgate.console.mesh.MeshWorkloads;
import io.meshgate.console.mesh.SidecarCertificates;
import io.meshgate.console.mesh.SidecarSummary;
import io.meshgate.console.mesh.TrafficPolicies;
import io.meshgate.console.session.ConsoleSession;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The mesh's workloads: one row per Pod and sidecar, with its identity, address, phase, labels, the
 * Services selecting it, its sidecar's sync state and certificate, and whether the traffic policy in
 * force lets other workloads reach it. A click on a row opens the TrafficTargets naming its service
 * account (inbound and outbound). Read-only: workloads join through their sidecar
 * ({@code POST /api/v1/workloads}); Pods are also editable as YAML.
 */
@Route("workloads")
@PageTitle("Mesh workloads")
@Menu(title = "Mesh workloads", order = 65, icon = "vaadin:connect")
public final class MeshWorkloadsView extends VerticalLayout implements BeforeEnterObserver {
    static final String PREFIX = "workloads";

    private final FilterBar filters = new FilterBar(PREFIX, "workloads", Map::of);
    private final Grid<MeshWorkload> grid = new Grid<>();
    private final Paragraph mode = new Paragraph();
    private final Span summary = new Span();

    public MeshWorkloadsView() {
        addClassName("mesh-workloads");
        setSizeFull();
        Button refresh = new Button("Refresh", e -> load());
        refresh.setId(PREFIX + "-refresh");
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout top = new HorizontalLayout(filters, refresh);
        top.setWidthFull();
        top.expand(filters);
        top.setAlignItems(Alignment.BASELINE);
        top.setWrap(true);
        mode.setId(PREFIX + "-mode");
        summary.setId(PREFIX + "-summary");
        summary.addClassName("secondary");

        grid.setId(PREFIX + "-grid");
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_ROW_STRIPES);
        grid.setEmptyStateText("No workloads: a sidecar registers its Pod through POST /api/v1/workloads");
        // widths fit a 1280 px window with the drawer open; wider windows share the rest
        grid.addComponentColumn(MeshWorkloadsView::workloadCell).setHeader("Workload").setWidth("13rem").setFlexGrow(2);
        grid.addComponentColumn(MeshWorkloadsView::identityCell).setHeader("Identity").setWidth("15rem").setFlexGrow(2);
        grid.addComponentColumn(MeshWorkloadsView::servicesCell).setHeader("Services").setWidth("7rem").setFlexGrow(1);
        grid.addComponentColumn(MeshWorkloadsView::sidecarCell).setHeader("Sidecar").setWidth("11rem").setFlexGrow(1);
        grid.addComponentColumn(MeshWorkloadsView::certificateCell).setHeader("Certificate").setWidth("7rem").setFlexGrow(0);
        grid.addComponentColumn(MeshWorkloadsView::accessCell).setHeader("Reachable").setWidth("9rem").setFlexGrow(1);
        grid.setItemDetailsRenderer(new ComponentRenderer<>(WorkloadPolicyDetails::of));
        filters.onChange(f -> load());

        add(top, mode, summary, grid);
        expand(grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        filters.show(ListFilters.from(event.getLocation().getQueryParameters()));
        load();
    }

    private void load() {
        ConsoleSession session = ConsoleSession.require();
        ApiClient api = session.api();
        ListFilters f = filters.value();
        try {
            List<JsonNode> pods = api.list(session.kind("Pod"), f.namespace(), f.labels());
            List<JsonNode> proxies = api.proxies();
            List<JsonNode> services = api.list(session.kind("Service"), f.namespace(), null);
            TrafficPolicies policies = TrafficPolicies.of(listOf(session, "MeshConfig"), listOf(session, "TrafficTarget"));
            List<MeshWorkload> workloads = MeshWorkloads.join(pods, proxies, services, policies).stream()
                    .filter(w -> f.namespace().isEmpty() || w.namespace().equals(f.namespace()))
                    // a label selector selects Pods: a sidecar without its Pod has no labels to match
                    .filter(w -> f.labels().isEmpty() || w.hasPod())
                    .filter(w -> matches(w, f.search()))
                    .toList();
            grid.setItems(workloads);
            mode.setText(modeText(policies));
            summary.setText(workloads.size() + (workloads.size() == 1 ? " workload listed · " : " workloads listed · ")
                    + SidecarSummary.of(proxies).text());
        } catch (ApiProblem p) {
            grid.setItems(List.of());
            Notices.error(p);
        }
    }

    /** Every object of a kind in all namespaces; none when the API does not serve the kind. */
    private static List<JsonNode> listOf(ConsoleSession session, String kind) {
        Optional<ApiKind> served = session.kinds().stream().filter(k -> k.kind().equals(kind)).findFirst();
        return served.map(k -> session.api().list(k, null, null)).orElse(List.of());
    }

    static String modeText(TrafficPolicies policies) {
        String source = policies.meshConfigName() == null ? "MeshConfig defaults" : "MeshConfig " + policies.meshConfigName();
        return policies.permissive()
                ? "Permissive traffic policy mode is on (" + source + "): every mesh workload may reach every other."
                : "Permissive traffic policy mode is off (" + source + "): a workload is reachable only from the"
                + " sources of SMI TrafficTargets naming its service account.";
    }

    private static boolean matches(MeshWorkload w, String search) {
        if (search.isEmpty()) {
            return true;
        }
        String haystack = String.join(" ", w.key(), String.valueOf(w.identity()), String.valueOf(w.podIp()),
                String.valueOf(w.phase()), labels(w), String.join(" ", w.services()), w.sync().label());
        return haystack.toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT));
    }

    /** The id stem of a row's cells: {@code workload-<ns>-<pod>} (lower-case, other characters as '-'). */
    static String idOf(MeshWorkload w) {
        return "workload-" + MainLayout.slug(w.namespace() + "-" + w.pod());
    }

    /** {@code ns/pod}, then phase and Pod IP, then labels. */
    private static Component workloadCell(MeshWorkload w) {
        Span name = new Span(w.key());
        name.setId(idOf(w));
        name.addClassName("strong");
        Span address = new Span(w.podIp() == null ? "no Pod IP" : w.podIp());
        address.setId(idOf(w) + "-ip");
        Div state = new Div(phaseBadge(w), new Span(" "), address);
        Div labels = new Div(labels(w));
        labels.setId(idOf(w) + "-labels");
        labels.addClassName("secondary");
        return new Div(new Div(name), state, labels);
    }

    private static Component identityCell(MeshWorkload w) {
        Span identity = new Span(w.identity() == null ? "unknown" : w.identity());
        identity.setId(idOf(w) + "-identity");
        identity.addClassName("identity");
        Div account = new Div("service account " + (w.serviceAccount() == null ? "unknown" : w.serviceAccount()));
        account.addClassName("secondary");
        return new Div(identity, account);
    }

    private static Span phaseBadge(MeshWorkload w) {
        String phase = w.hasPod() ? w.phase() : "no Pod object";
        Span badge = OverviewView.badge(phase, switch (phase) {
            case "Running" -> "success";
            case "Failed", "no Pod object" -> "error";
            case "Pending" -> "warning";
            default -> "contrast";
        });
        badge.setId(idOf(w) + "-phase");
        return badge;
    }

    static String labels(MeshWorkload w) {
        return w.labels().isEmpty() ? "—" : String.join(", ", w.labels().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    private static Component servicesCell(MeshWorkload w) {
        Div cell = new Div();
        cell.setId(idOf(w) + "-services");
        if (w.services().isEmpty()) {
            cell.setText("none");
            cell.addClassName("secondary");
        }
        for (String service : w.services()) {
            String name = service.substring(service.indexOf('/') + 1);
            cell.add(new Div(Texts.link(name, "services", Map.of("ns", w.namespace(), "q", name))));
        }
        return cell;
    }

    private static Component sidecarCell(MeshWorkload w) {
        Span badge = OverviewView.syncBadge(w.proxy());
        badge.setId(idOf(w) + "-sync");
        Div cell = new Div(badge);
        if (w.proxy() != null) {
            JsonNode p = w.proxy();
            Div detail = new Div("applied " + versionText(p.path("appliedVersion")) + " · seen "
                    + Texts.ago(p.path("lastSeen").asText(null)));
            detail.addClassName("secondary");
            cell.add(detail);
            String error = p.path("error").asText("");
            if (!error.isEmpty()) {
                Div e = new Div(error);
                e.addClassName("problem-list");
                cell.add(e);
            }
        }
        return cell;
    }

    private static String versionText(JsonNode version) {
        String v = version.asText("");
        return v.isEmpty() ? "nothing yet" : v;
    }

    private static Component certificateCell(MeshWorkload w) {
        Instant now = Instant.now();
        Instant notAfter = w.certificateNotAfter();
        Span badge = OverviewView.badge(SidecarCertificates.describe(notAfter, now),
                switch (SidecarCertificates.standing(notAfter, now)) {
                    case UNKNOWN -> "contrast";
                    case OK -> "success";
                    case RENEWAL_OVERDUE -> "warning";
                    case EXPIRED -> "error";
                });
        badge.setId(idOf(w) + "-cert");
        badge.setTitle(notAfter == null ? "the API does not report this sidecar's certificate"
                : "valid until " + Texts.when(notAfter.toString()));
        return badge;
    }

    private static Component accessCell(MeshWorkload w) {
        Span text = OverviewView.badge(w.reachability(), w.reachable() ? "success" : "warning");
        text.setId(idOf(w) + "-access");
        return text;
    }
}
