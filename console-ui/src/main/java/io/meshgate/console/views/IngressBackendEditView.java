package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.meshgate.console.forms.IngressBackendDraft;
import io.meshgate.console.forms.IngressDraft;

import java.util.ArrayList;
import java.util.List;

/**
 * Create or edit one IngressBackend: which mesh backends (Service, port, protocol, client
 * certificate handling) the ingress may reach, and from which sources (the ingress Service, a
 * certificate identity, an IP range). URL: {@code ingressbackends/edit?ns=N&name=X}.
 */
@Route("ingressbackends/edit")
@PageTitle("Edit IngressBackend")
public final class IngressBackendEditView extends DraftEditView {
    private static final List<String> TLS_CHOICES = List.of(IngressBackendDraft.TLS_NONE,
            IngressBackendDraft.TLS_VERIFY, IngressBackendDraft.TLS_SKIP);

    private IngressBackendDraft draft = IngressBackendDraft.empty();

    public IngressBackendEditView() {
        super("ib", "IngressBackend", "ingressbackends/edit", "ingressbackends", "← all IngressBackends");
        addClassName("ingressbackend-edit");
    }

    @Override
    protected void newDraft() {
        draft = IngressBackendDraft.empty();
    }

    @Override
    protected void draftFrom(JsonNode stored) {
        draft = IngressBackendDraft.from(stored);
    }

    @Override
    protected IngressDraft.Built build() {
        return draft.build();
    }

    @Override
    protected String namespace() {
        return draft.namespace;
    }

    @Override
    protected String name() {
        return draft.name;
    }

    @Override
    protected void drawFields() {
        TextField namespace = form.text("ib-namespace", "Namespace", draft.namespace, v -> edit(() -> draft.namespace = v));
        TextField name = form.text("ib-name", "Name", draft.name, v -> edit(() -> draft.name = v));
        namespace.setReadOnly(!draft.isNew() || !canEdit);
        name.setReadOnly(!draft.isNew() || !canEdit);
        body.add(section("IngressBackend", new FormLayout(namespace, name)));

        Div backends = new Div();
        for (int i = 0; i < draft.backends.size(); i++) {
            IngressBackendDraft.Backend b = draft.backends.get(i);
            String p = "ib-backend-" + i + "-";
            TextField port = form.text(p + "port", "Port", b.port, v -> edit(() -> b.port = v));
            port.setHelperText("1-65535");
            var tls = form.select(p + "tls", "Client certificates", TLS_CHOICES, b.tls, v -> edit(() -> b.tls = v));
            tls.setItemLabelGenerator(IngressBackendEditView::tlsLabel);
            TextField sni = form.text(p + "sni", "SNI hosts", b.sniHosts, v -> edit(() -> b.sniHosts = v));
            sni.setHelperText("comma-separated; with a TLS block only");
            backends.add(row(p + "row",
                    form.text(p + "name", "Service", b.name, v -> edit(() -> b.name = v)), port,
                    form.select(p + "protocol", "Protocol", IngressBackendDraft.PROTOCOLS, b.protocol,
                            v -> edit(() -> b.protocol = v)),
                    tls, sni,
                    removeButton(p + "remove", draft.backends.size(), 1, () -> draft.backends.remove(b))));
        }
        body.add(section("Backends", backends,
                addButton("ib-add-backend", "Add backend", () -> draft.backends.add(new IngressBackendDraft.Backend()))));

        Div sources = new Div();
        for (int i = 0; i < draft.sources.size(); i++) {
            IngressBackendDraft.Source s = draft.sources.get(i);
            String p = "ib-source-" + i + "-";
            TextField sourceName = form.text(p + "name", "Name", s.name, v -> edit(() -> s.name = v));
            sourceName.setHelperText(sourceHelp(s.kind));
            TextField sourceNamespace = form.text(p + "namespace", "Namespace", s.namespace,
                    v -> edit(() -> s.namespace = v));
            sourceNamespace.setVisible("Service".equals(s.kind));
            var kind = form.select(p + "kind", "Kind", IngressBackendDraft.SOURCE_KINDS, s.kind, v -> {
                s.kind = v;
                render();
                changed();
            });
            sources.add(row(p + "row", kind, sourceName, sourceNamespace,
                    removeButton(p + "remove", draft.sources.size(), 1, () -> draft.sources.remove(s))));
        }
        body.add(section("Sources allowed in", sources,
                addButton("ib-add-source", "Add source", () -> draft.sources.add(new IngressBackendDraft.Source()))));
    }

    private void edit(Runnable change) {
        change.run();
        changed();
    }

    @Override
    protected List<String> statusLines(JsonNode stored) {
        return statusOf(stored);
    }

    /**
     * FSM's policy status ({@code currentStatus} and {@code reason}) and each condition with its
     * message, e.g. {@code Enforced = False (NoSidecarsYet): ...} saying why the sidecars do not enforce it.
     */
    static List<String> statusOf(JsonNode stored) {
        List<String> lines = new ArrayList<>();
        JsonNode status = stored.path("status");
        if (status.hasNonNull("currentStatus")) {
            lines.add("Status: " + status.path("currentStatus").asText()
                    + (status.hasNonNull("reason") ? " (" + status.path("reason").asText() + ")" : ""));
        }
        for (JsonNode c : status.path("conditions")) {
            String message = c.path("message").asText("");
            lines.add(c.path("type").asText() + " = " + c.path("status").asText() + " (" + c.path("reason").asText() + ")"
                    + (message.isEmpty() ? "" : ": " + message));
        }
        return lines;
    }

    static String tlsLabel(String choice) {
        return switch (choice) {
            case IngressBackendDraft.TLS_VERIFY -> "verify (tls block)";
            case IngressBackendDraft.TLS_SKIP -> "skip validation (tls block)";
            case IngressBackendDraft.TLS_NONE -> "no tls block";
            default -> choice;
        };
    }

    private static String sourceHelp(String kind) {
        return switch (kind) {
            case "Service" -> "the ingress Service, e.g. fsm-ingress";
            case "AuthenticatedPrincipal" -> "certificate identity, e.g. fsm-ingress.fsm-system.cluster.local";
            case "IPRange" -> "CIDR, e.g. 10.0.0.0/8";
            default -> "";
        };
    }
}
