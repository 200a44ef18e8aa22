package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.meshgate.console.forms.EgressDraft;
import io.meshgate.console.forms.IngressDraft;

import java.util.List;

/**
 * Create or edit one Egress policy: the ServiceAccounts allowed out, the hosts and IP ranges they
 * may reach, on which ports and protocols, optionally narrowed by route matches.
 * URL: {@code egress/edit?ns=N&name=X}.
 */
@Route("egress/edit")
@PageTitle("Edit Egress policy")
public final class EgressEditView extends DraftEditView {
    private EgressDraft draft = EgressDraft.empty();

    public EgressEditView() {
        super("egress", "Egress", "egress/edit", "egress", "← all Egress policies");
        addClassName("egress-edit");
    }

    @Override
    protected void newDraft() {
        draft = EgressDraft.empty();
    }

    @Override
    protected void draftFrom(JsonNode stored) {
        draft = EgressDraft.from(stored);
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
        TextField namespace = form.text("egress-namespace", "Namespace", draft.namespace,
                v -> edit(() -> draft.namespace = v));
        TextField name = form.text("egress-name", "Name", draft.name, v -> edit(() -> draft.name = v));
        namespace.setReadOnly(!draft.isNew() || !canEdit);
        name.setReadOnly(!draft.isNew() || !canEdit);
        body.add(section("Egress policy", new FormLayout(namespace, name)));

        Div sources = new Div();
        for (int i = 0; i < draft.sources.size(); i++) {
            EgressDraft.Source s = draft.sources.get(i);
            String p = "egress-source-" + i + "-";
            sources.add(row(p + "row",
                    form.text(p + "name", "ServiceAccount", s.name, v -> edit(() -> s.name = v)),
                    form.text(p + "namespace", "Namespace", s.namespace, v -> edit(() -> s.namespace = v)),
                    removeButton(p + "remove", draft.sources.size(), 1, () -> draft.sources.remove(s))));
        }
        body.add(section("Sources (ServiceAccounts allowed out)", sources,
                addButton("egress-add-source", "Add source", () -> draft.sources.add(new EgressDraft.Source()))));

        TextField hosts = form.text("egress-hosts", "Hosts", draft.hosts, v -> edit(() -> draft.hosts = v));
        hosts.setHelperText("comma-separated; wildcards like *.example.com allowed");
        TextField ips = form.text("egress-ip-addresses", "IP ranges", draft.ipAddresses,
                v -> edit(() -> draft.ipAddresses = v));
        ips.setHelperText("comma-separated CIDRs, e.g. 203.0.113.0/24");
        body.add(section("Destinations", new FormLayout(hosts, ips)));

        Div ports = new Div();
        for (int i = 0; i < draft.ports.size(); i++) {
            EgressDraft.Port port = draft.ports.get(i);
            String p = "egress-port-" + i + "-";
            ports.add(row(p + "row",
                    form.text(p + "number", "Port", port.number, v -> edit(() -> port.number = v)),
                    form.select(p + "protocol", "Protocol", EgressDraft.PROTOCOLS, port.protocol,
                            v -> edit(() -> port.protocol = v)),
                    removeButton(p + "remove", draft.ports.size(), 1, () -> draft.ports.remove(port))));
        }
        body.add(section("Ports and protocols", ports,
                addButton("egress-add-port", "Add port", () -> draft.ports.add(new EgressDraft.Port()))));

        Div matches = new Div();
        for (int i = 0; i < draft.matches.size(); i++) {
            EgressDraft.Match m = draft.matches.get(i);
            String p = "egress-match-" + i + "-";
            matches.add(row(p + "row",
                    form.select(p + "kind", "Kind", List.copyOf(EgressDraft.MATCH_GROUPS.keySet()).stream().sorted()
                            .toList(), m.kind, v -> edit(() -> m.kind = v)),
                    form.text(p + "name", "Name", m.name, v -> edit(() -> m.name = v)),
                    removeButton(p + "remove", draft.matches.size(), 0, () -> draft.matches.remove(m))));
        }
        body.add(section("Route matches (optional)", matches,
                addButton("egress-add-match", "Add match", () -> draft.matches.add(new EgressDraft.Match()))));
    }

    private void edit(Runnable change) {
        change.run();
        changed();
    }

    @Override
    protected List<String> statusLines(JsonNode stored) {
        return IngressBackendEditView.statusOf(stored);
    }
}
