package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import io.meshgate.console.mesh.MeshWorkload;
import io.meshgate.console.mesh.TrafficPolicies.PolicyLine;

import java.util.List;
import java.util.Map;

/**
 * The opened row of a mesh workload: its sidecar proxy and the TrafficTargets that name its service
 * account, as destination (who may reach it) and as source (whom it may reach). Id
 * {@code workload-<ns>-<pod>-details}, lists {@code …-inbound} and {@code …-outbound}.
 */
final class WorkloadPolicyDetails {
    private WorkloadPolicyDetails() {}

    static Div of(MeshWorkload w) {
        String id = MeshWorkloadsView.idOf(w);
        Div details = new Div();
        details.setId(id + "-details");
        details.addClassName("workload-details");

        JsonNode proxy = w.proxy();
        details.add(new Paragraph(proxy == null ? "No sidecar proxy is registered for this Pod."
                : "Sidecar proxy " + w.proxyName() + ": wants " + orNone(proxy.path("desiredVersion"))
                + ", fetched " + orNone(proxy.path("fetchedVersion")) + ", applied " + orNone(proxy.path("appliedVersion"))
                + "."));
        if (w.permissive()) {
            details.add(new Paragraph("Permissive mode: every mesh workload may reach it and it may reach every"
                    + " mesh Service; the TrafficTargets below take effect once permissive mode is off."));
        }
        String account = w.serviceAccount() == null ? "its service account" : "service account " + w.serviceAccount();
        details.add(new H3("Inbound: who may reach it"),
                lines(id + "-inbound", w.inbound(), "No TrafficTarget names " + account + " as destination."));
        details.add(new H3("Outbound: whom it may reach"),
                lines(id + "-outbound", w.outbound(), "No TrafficTarget names " + account + " as a source."));
        details.add(new Paragraph(Texts.link("Pod as YAML", "yaml",
                Map.of("kind", "Pod", "ns", w.namespace(), "name", w.pod()))));
        return details;
    }

    private static Div lines(String id, List<PolicyLine> lines, String none) {
        Div box = new Div();
        box.setId(id);
        if (lines.isEmpty()) {
            Paragraph p = new Paragraph(none);
            p.addClassName("secondary");
            box.add(p);
            return box;
        }
        UnorderedList list = new UnorderedList();
        for (PolicyLine line : lines) {
            ListItem item = new ListItem(line.text());
            item.addClassName("code");
            list.add(item);
        }
        box.add(list);
        return box;
    }

    private static String orNone(JsonNode version) {
        String v = version.asText("");
        return v.isEmpty() ? "none" : v;
    }
}
