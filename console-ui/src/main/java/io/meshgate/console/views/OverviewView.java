package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.meshgate.console.api.ApiClient;
import io.meshgate.console.api.ApiKind;
import io.meshgate.console.api.ApiProblem;
import io.meshgate.console.api.AuditFilter;
import io.meshgate.console.api.Json;
import io.meshgate.console.certs.CertificateSummary;
import io.meshgate.console.mesh.SidecarSummary;
import io.meshgate.console.mesh.SyncState;
import io.meshgate.console.session.ConsoleSession;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The landing page: how many objects of each kind exist, which proxies run the latest config,
 * the last changes, and certificates that expire soon.
 */
@Route("")
@PageTitle("Overview")
@Menu(title = "Overview", order = 0, icon = "vaadin:dashboard")
public final class OverviewView extends VerticalLayout implements BeforeEnterObserver {
    private static final int RECENT_CHANGES = 10;

    private final Grid<KindCount> counts = new Grid<>();
    private final Grid<JsonNode> proxies = new Grid<>();
    private final Grid<JsonNode> changes = new Grid<>();
    private final Grid<SecretCertificate> certificates = new Grid<>();
    private final Paragraph certificateNote = new Paragraph();
    private final Span sidecars = new Span();

    /** One kind and how many objects of it exist. */
    record KindCount(ApiKind kind, int count) { }

    /** A Secret's certificate. */
    record SecretCertificate(String namespace, String name, CertificateSummary certificate) { }

    public OverviewView() {
        addClassName("overview");
        Button refresh = new Button("Refresh", e -> load());
        refresh.setId("overview-refresh");
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);

        counts.setId("overview-counts");
        counts.addColumn(c -> c.kind().kind()).setHeader("Kind").setAutoWidth(true);
        counts.addColumn(KindCount::count).setHeader("Objects").setAutoWidth(true);
        counts.addComponentColumn(c -> Texts.link("YAML", "yaml", Map.of("kind", c.kind().kind()))).setHeader("");
        counts.setAllRowsVisible(true);

        proxies.setId("overview-proxies");
        proxies.addColumn(p -> p.path("name").asText()).setHeader("Proxy").setAutoWidth(true);
        proxies.addColumn(p -> p.path("kind").asText()).setHeader("Kind").setAutoWidth(true);
        proxies.addComponentColumn(OverviewView::syncBadge).setHeader("Config").setAutoWidth(true);
        proxies.addColumn(p -> p.path("appliedVersion").asText("—")).setHeader("Applied version").setAutoWidth(true);
        proxies.addColumn(p -> Texts.ago(p.path("lastSeen").asText(null))).setHeader("Last seen").setAutoWidth(true);
        proxies.setAllRowsVisible(true);

        changes.setId("overview-changes");
        changes.addColumn(a -> Texts.when(a.path("at").asText())).setHeader("When").setAutoWidth(true);
        changes.addColumn(a -> a.path("actor").asText()).setHeader("Who").setAutoWidth(true);
        changes.addColumn(a -> a.path("verb").asText()).setHeader("Verb").setAutoWidth(true);
        changes.addComponentColumn(a -> Texts.link(Texts.objectText(a), "audit", Map.of("id", a.path("id").asText())))
                .setHeader("What");
        changes.setAllRowsVisible(true);

        certificates.setId("overview-certificates");
        certificates.addColumn(c -> c.namespace() + "/" + c.name()).setHeader("Secret").setAutoWidth(true);
        certificates.addColumn(c -> c.certificate().subject()).setHeader("Subject").setAutoWidth(true);
        certificates.addColumn(c -> c.certificate().notAfter().toString()).setHeader("Expires").setAutoWidth(true);
        certificates.addComponentColumn(c -> expiryBadge(c.certificate())).setHeader("Left").setAutoWidth(true);
        certificates.setAllRowsVisible(true);

        FlexLayout cards = new FlexLayout(
                card("Objects by kind", counts),
                card("Proxies", sidecarLine(), proxies),
                card("Recent changes", changes),
                card("Certificates expiring soon", certificateNote, certificates));
        cards.addClassName("cards");
        cards.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        cards.setWidthFull();
        add(refresh, cards);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        load();
    }

    private void load() {
        ApiClient api = ConsoleSession.require().api();
        try {
            List<KindCount> kindCounts = new ArrayList<>();
            List<SecretCertificate> certs = new ArrayList<>();
            boolean redacted = false;
            for (ApiKind kind : ConsoleSession.require().kinds()) {
                List<JsonNode> items = api.list(kind, null, null);
                kindCounts.add(new KindCount(kind, items.size()));
                if (kind.kind().equals("Secret")) {
                    for (JsonNode secret : items) {
                        String crt = secret.path("data").path("tls.crt").asText("");
                        redacted |= crt.equals("[redacted]");
                        CertificateSummary.fromSecretValue(crt).ifPresent(c -> certs.add(new SecretCertificate(
                                Json.text(secret, "metadata.namespace"), Json.text(secret, "metadata.name"), c)));
                    }
                }
            }
            kindCounts.sort(Comparator.comparing((KindCount c) -> -c.count()).thenComparing(c -> c.kind().kind()));
            counts.setItems(kindCounts.stream().filter(c -> c.count() > 0).toList());
            List<JsonNode> proxyItems = api.proxies();
            proxies.setItems(proxyItems);
            sidecars.setText(SidecarSummary.of(proxyItems).text());
            changes.setItems(api.audit(AuditFilter.all().withLimit(RECENT_CHANGES)).items());
            Instant now = Instant.now();
            certificates.setItems(certs.stream()
                    .filter(c -> c.certificate().expiry(now) != CertificateSummary.Expiry.OK)
                    .sorted(Comparator.comparing(c -> c.certificate().notAfter()))
                    .toList());
            certificateNote.setText(redacted
                    ? "Viewer tokens see Secret data redacted: sign in as an editor to check certificates."
                    : certs.size() + " certificate(s) checked; listed when in the last third of their lifetime.");
        } catch (ApiProblem p) {
            Notices.error(p);
        }
    }

    /** "N sidecars, M in sync" and a link to the workloads behind them. */
    private Component sidecarLine() {
        sidecars.setId("overview-sidecars");
        Paragraph line = new Paragraph(new Span("Mesh: "), sidecars, new Span(" · "),
                Texts.link("Mesh workloads", "workloads", Map.of()));
        line.addClassName("secondary");
        return line;
    }

    private static Component card(String title, Component... content) {
        Div card = new Div(new H2(title));
        card.add(content);
        card.addClassName("card");
        return card;
    }

    /** A proxy's sync state as a badge; the error or the wanted version in its tooltip. */
    static Span syncBadge(JsonNode proxy) {
        SyncState state = SyncState.of(proxy);
        Span badge = badge(state.label(), switch (state) {
            case IN_SYNC -> "success";
            case ERROR -> "error";
            case BEHIND -> "warning";
            case NEVER_CONNECTED, NO_SIDECAR -> "contrast";
        });
        if (state == SyncState.ERROR) {
            badge.setTitle(proxy.path("error").asText(""));
        } else if (state == SyncState.BEHIND || state == SyncState.NEVER_CONNECTED) {
            badge.setTitle("wants " + proxy.path("desiredVersion").asText("?"));
        }
        return badge;
    }

    static Span expiryBadge(CertificateSummary c) {
        Instant now = Instant.now();
        long days = c.remaining(now).toDays();
        return switch (c.expiry(now)) {
            case EXPIRED -> badge("expired", "error");
            case CRITICAL -> badge(days + " days", "error");
            case WARNING -> badge(days + " days", "warning");
            case OK -> badge(days + " days", "success");
        };
    }

    /** A Lumo badge; {@code tone} is success, error, warning or contrast. */
    static Span badge(String text, String tone) {
        Span s = new Span(text);
        s.getElement().getThemeList().add("badge " + tone);
        s.addClassName("badge-" + tone);
        return s;
    }
}
