package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.meshgate.console.api.ApiProblem;
import io.meshgate.console.certs.CertificateDetails;
import io.meshgate.console.certs.ExpiryLevel;
import io.meshgate.console.certs.SecretEntries;
import io.meshgate.console.session.ConsoleSession;
import io.meshgate.resources.annotations.IngressAnnotation;
import io.meshgate.resources.annotations.IngressAnnotationTable;
import io.meshgate.resources.annotations.SecretReferenceGrammar;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Secrets by key and size (values are never shown) and, for every certificate in a {@code tls.crt}
 * or {@code ca.crt}, its subject, issuer, alternative names and expiry with a warning level relative
 * to its lifetime. Also which Ingresses use each Secret. Ids: {@code secrets-*} filters and grid,
 * {@code certificates-level} (URL {@code level=warning|danger}), {@code certificates-grid},
 * {@code certificates-note}.
 */
@Route("secrets")
@PageTitle("Secrets and certificates")
@Menu(title = "Secrets & certificates", order = 70, icon = "vaadin:key")
public final class SecretsView extends KindListView {
    private static final List<String> LEVEL_FILTERS = List.of("", "warning", "danger");

    /** One certificate of one Secret key. */
    record SecretCertificate(String secret, String key, CertificateDetails certificate) { }

    private final Select<String> levelFilter = new Select<>();
    private final Grid<SecretCertificate> certificates = new Grid<>();
    private final Paragraph note = new Paragraph();
    private List<JsonNode> ingresses = List.of();

    public SecretsView() {
        super("secrets", "secrets", "Secret", null, null);
        addClassName("secrets");
        levelFilter.setId("certificates-level");
        levelFilter.setLabel("Certificates");
        levelFilter.setItems(LEVEL_FILTERS);
        levelFilter.setItemLabelGenerator(l -> switch (l) {
            case "warning" -> "expiring (warning or worse)";
            case "danger" -> "about to expire or expired";
            default -> "all";
        });
        levelFilter.setValue("");
        levelFilter.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                filters.updateUrl();
                load();
            }
        });
        top.add(levelFilter);

        grid.addColumn(s -> s.path("metadata").path("namespace").asText() + "/" + s.path("metadata").path("name").asText())
                .setHeader("Secret").setAutoWidth(true);
        grid.addColumn(s -> s.path("type").asText("Opaque")).setHeader("Type").setAutoWidth(true);
        grid.addColumn(s -> SecretEntries.of(s).stream().map(e -> e.key() + " (" + e.sizeText() + ")")
                .collect(Collectors.joining(", "))).setHeader("Keys (values never shown)").setFlexGrow(2);
        grid.addColumn(s -> usedBy(s, ingresses)).setHeader("Used by").setFlexGrow(1);
        grid.setAllRowsVisible(true);

        certificates.setId("certificates-grid");
        certificates.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_ROW_STRIPES);
        certificates.addColumn(c -> c.secret() + " " + c.key()).setHeader("Secret key").setAutoWidth(true);
        certificates.addColumn(c -> c.certificate().subject()).setHeader("Subject").setFlexGrow(1);
        certificates.addColumn(c -> c.certificate().selfSigned() ? "(self-signed)" : c.certificate().issuer())
                .setHeader("Issuer").setFlexGrow(1);
        certificates.addColumn(c -> c.certificate().sans().isEmpty() ? "—" : String.join(", ", c.certificate().sans()))
                .setHeader("SANs").setFlexGrow(1);
        certificates.addColumn(c -> c.certificate().notAfter().toString()).setHeader("Not after").setAutoWidth(true);
        certificates.addComponentColumn(c -> levelBadge(c.certificate(), Instant.now())).setHeader("Expiry")
                .setAutoWidth(true);
        certificates.setAllRowsVisible(true);
        certificates.setEmptyStateText("No certificate matches these filters");
        note.setId("certificates-note");
        add(top, grid, new H2("Certificates"), note, certificates);
    }

    @Override
    protected Map<String, String> extraQuery() {
        return levelFilter.getValue() == null || levelFilter.getValue().isEmpty() ? Map.of()
                : Map.of("level", levelFilter.getValue());
    }

    @Override
    protected void readQuery(Map<String, List<String>> parameters) {
        String level = parameters.getOrDefault("level", List.of("")).get(0);
        levelFilter.setValue(LEVEL_FILTERS.contains(level) ? level : "");
    }

    @Override
    protected void load() {
        ConsoleSession session = ConsoleSession.require();
        try {
            ingresses = session.api().list(session.kind("Ingress"), filters.value().namespace(), null);
        } catch (ApiProblem p) {
            ingresses = List.of();
        }
        super.load();
    }

    @Override
    protected String searchText(JsonNode item) {
        StringBuilder text = new StringBuilder(item.path("type").asText(""));
        SecretEntries.of(item).forEach(e -> text.append(' ').append(e.key()));
        for (String key : SecretEntries.CERTIFICATE_KEYS) {
            for (CertificateDetails c : SecretEntries.certificates(item, key)) {
                text.append(' ').append(c.subject()).append(' ').append(String.join(" ", c.sans()));
            }
        }
        return text.toString();
    }

    @Override
    protected void loaded(List<JsonNode> secrets) {
        Instant now = Instant.now();
        List<SecretCertificate> rows = new ArrayList<>();
        boolean redacted = false;
        for (JsonNode s : secrets) {
            redacted |= SecretEntries.redacted(s);
            String name = s.path("metadata").path("namespace").asText() + "/" + s.path("metadata").path("name").asText();
            for (String key : SecretEntries.CERTIFICATE_KEYS) {
                SecretEntries.certificates(s, key).forEach(c -> rows.add(new SecretCertificate(name, key, c)));
            }
        }
        String level = levelFilter.getValue() == null ? "" : levelFilter.getValue();
        List<SecretCertificate> shown = rows.stream()
                .filter(r -> passes(r.certificate().level(now), level))
                .sorted(Comparator.comparing(r -> r.certificate().notAfter()))
                .toList();
        certificates.setItems(shown);
        note.setText(redacted
                ? "Your token sees Secret values redacted, so certificates cannot be read: sign in as an editor to check them."
                : shown.size() + " of " + rows.size() + " certificate(s). Warning under 30% of the lifetime left;"
                + " danger under 10% or 24 hours.");
    }

    static boolean passes(ExpiryLevel level, String filter) {
        return switch (filter) {
            case "warning" -> level != ExpiryLevel.OK;
            case "danger" -> level == ExpiryLevel.DANGER || level == ExpiryLevel.EXPIRED;
            default -> true;
        };
    }

    static Span levelBadge(CertificateDetails c, Instant now) {
        String text = ExpiryLevel.describe(c.notAfter(), now);
        Span badge = switch (c.level(now)) {
            case OK -> OverviewView.badge(text, "success");
            case WARNING -> OverviewView.badge(text, "warning");
            case DANGER, EXPIRED -> OverviewView.badge(text, "error");
        };
        badge.setTitle("valid from " + c.notBefore() + " to " + c.notAfter());
        return badge;
    }

    /** Ingresses of the Secret's namespace naming it for TLS, upstream TLS or client certificate CAs. */
    static String usedBy(JsonNode secret, List<JsonNode> ingresses) {
        String ns = secret.path("metadata").path("namespace").asText();
        String name = secret.path("metadata").path("name").asText();
        List<String> users = new ArrayList<>();
        for (JsonNode i : ingresses) {
            String ingressNs = i.path("metadata").path("namespace").asText();
            List<String> how = new ArrayList<>();
            if (ingressNs.equals(ns)) {
                for (JsonNode tls : i.path("spec").path("tls")) {
                    if (name.equals(tls.path("secretName").asText())) {
                        how.add("TLS");
                    }
                }
            }
            JsonNode annotations = i.path("metadata").path("annotations");
            // every annotation the table reads as a Secret reference (upstream-ssl-secret, tls-trusted-ca-secret)
            for (IngressAnnotation<?> row : IngressAnnotationTable.ALL) {
                if (row.grammar() instanceof SecretReferenceGrammar secretReference) {
                    secretReference.parse(annotations.path(row.name()).asText("")).valueIfValid()
                            .filter(ref -> ref.namespaceOr(ingressNs).equals(ns) && ref.name().equals(name))
                            .ifPresent(ref -> how.add(row.shortName()));
                }
            }
            if (!how.isEmpty()) {
                users.add("Ingress " + ingressNs + "/" + i.path("metadata").path("name").asText() + " (" + String.join(", ", how) + ")");
            }
        }
        return users.isEmpty() ? "—" : String.join("; ", users);
    }
}
