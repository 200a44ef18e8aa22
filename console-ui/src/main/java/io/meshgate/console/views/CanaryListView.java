package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every TrafficSplit: its apex Service and backends with their weights; a row opens the weight editor. */
@Route("canary")
@PageTitle("Canary splits")
@Menu(title = "Canary splits", order = 50, icon = "vaadin:split")
public final class CanaryListView extends KindListView {

    public CanaryListView() {
        super("canary", "canary", "TrafficSplit", null, null);
        addClassName("canary-list");
        grid.addComponentColumn(s -> editLink(s, CanarySplitView.ROUTE)).setHeader("TrafficSplit").setAutoWidth(true);
        grid.addColumn(s -> s.path("spec").path("service").asText()).setHeader("Apex Service").setAutoWidth(true);
        grid.addColumn(CanaryListView::backends).setHeader("Backends (weight, share)").setFlexGrow(2);
        grid.addColumn(s -> s.path("spec").path("matches").isEmpty() ? "all requests"
                : s.path("spec").path("matches").size() + " route match(es)").setHeader("Applies to").setAutoWidth(true);
        grid.addComponentColumn(s -> Texts.link("YAML", "yaml", Map.of("kind", "TrafficSplit",
                "ns", s.path("metadata").path("namespace").asText(), "name", s.path("metadata").path("name").asText())))
                .setHeader("").setAutoWidth(true);
        addList();
    }

    @Override
    protected String searchText(JsonNode item) {
        return item.path("spec").path("service").asText() + " " + backends(item);
    }

    /** {@code web-v1 90 (90%), web-v2 10 (10%)}: SMI weights are relative, so the share is shown too. */
    static String backends(JsonNode split) {
        long total = 0;
        for (JsonNode b : split.path("spec").path("backends")) {
            total += Math.max(0, b.path("weight").asLong());
        }
        List<String> out = new ArrayList<>();
        for (JsonNode b : split.path("spec").path("backends")) {
            long w = b.path("weight").asLong();
            out.add(b.path("service").asText() + " " + w + (total > 0 ? " (" + Math.round(100.0 * w / total) + "%)" : ""));
        }
        return String.join(", ", out);
    }
}
