package io.meshgate.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.slider.IntegerSlider;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import io.meshgate.console.api.ApiKind;
import io.meshgate.console.api.ApiProblem;
import io.meshgate.console.forms.SplitWeights;
import io.meshgate.console.metrics.LiveTraffic;
import io.meshgate.console.session.ConsoleSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The weight editor of one TrafficSplit: one slider per backend, linked so they always add up to
 * 100 in steps of 5 (moving one rebalances the others in proportion), a confirmation dialog
 * showing old and new weights before anything is sent, and next to each configured weight the
 * live traffic the backend receives: requests per second and share over the API's recent window, from
 * the proxies' own counters ({@code GET .../trafficsplits/{name}/traffic}), or "no traffic". The screen
 * polls it every {@value #POLL_MILLIS} ms while it is open (Vaadin UI polling: the console runs without
 * server push), so moving the sliders shows the traffic move within the window. Apply sends a merge
 * patch carrying the resourceVersion the editor started from (a concurrent change answers 409) and
 * reads the split back. URL
 * {@code canary/split?ns=N&name=X}. Ids: {@code split-weight-<backend>}, {@code split-configured-<backend>},
 * {@code split-observed-<backend>}, {@code split-apply}, {@code split-confirm}, {@code split-confirm-dialog},
 * {@code split-reset}, {@code split-refresh}, {@code split-saved}, {@code split-summary}, {@code split-live-note}.
 */
@Route(CanarySplitView.ROUTE)
@PageTitle("Canary split")
public final class CanarySplitView extends VerticalLayout implements BeforeEnterObserver {
    static final String ROUTE = "canary/split";
    /** How often the open screen asks for the live traffic: a few seconds, well within the API's 10 s window. */
    static final int POLL_MILLIS = 3000;

    private final boolean canEdit = ConsoleSession.require().canEdit();
    private final Paragraph summary = new Paragraph();
    private final Div sliders = new Div();
    private final Paragraph saved = new Paragraph();
    private final Paragraph liveNote = new Paragraph();
    private Registration polling;
    private final Button apply = new Button("Apply weights");
    private final List<IntegerSlider> controls = new ArrayList<>();
    private final List<Span> observed = new ArrayList<>();
    private JsonNode stored;
    private List<String> backends = List.of();
    private List<Integer> positions = List.of();

    public CanarySplitView() {
        addClassName("canary-split");
        setMaxWidth("60rem");
        summary.setId("split-summary");
        saved.setId("split-saved");
        liveNote.setId("split-live-note");
        sliders.setWidthFull();
        apply.setId("split-apply");
        apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        apply.addClickListener(e -> confirm());
        apply.setVisible(canEdit);
        Button reset = new Button("Reset", e -> show(stored));
        reset.setId("split-reset");
        reset.setVisible(canEdit);
        Button refresh = new Button("Refresh traffic", e -> refreshObserved());
        refresh.setId("split-refresh");
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout actions = new HorizontalLayout(apply, reset, refresh);
        actions.setWrap(true);
        add(Texts.link("← all canary splits", "canary", Map.of()), summary, new H2("Weights"),
                new Paragraph("Weights move in steps of 5 and always add up to 100. Next to each weight: the requests"
                        + " per second the proxies send to that backend now, and its share of the split's traffic"
                        + " (updated every few seconds)."),
                sliders, liveNote, actions, saved);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        UI ui = event.getUI();
        ui.setPollInterval(POLL_MILLIS);
        polling = ui.addPollListener(e -> refreshObserved());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (polling != null) {
            polling.remove();
            polling = null;
        }
        event.getUI().setPollInterval(-1);
        super.onDetach(event);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        QueryParameters q = event.getLocation().getQueryParameters();
        try {
            show(ConsoleSession.require().api().get(kind(), ListFilters.first(q, "ns"), ListFilters.first(q, "name")));
        } catch (ApiProblem p) {
            Notices.error(p);
            summary.setText("No such TrafficSplit.");
            apply.setEnabled(false);
        }
    }

    private static ApiKind kind() {
        return ConsoleSession.require().kind("TrafficSplit");
    }

    private void show(JsonNode split) {
        if (split == null) {
            return;
        }
        stored = split;
        List<String> names = new ArrayList<>();
        List<Long> weights = new ArrayList<>();
        for (JsonNode b : split.path("spec").path("backends")) {
            names.add(b.path("service").asText());
            weights.add(b.path("weight").asLong());
        }
        backends = List.copyOf(names);
        positions = SplitWeights.normalize(weights);
        JsonNode meta = split.path("metadata");
        summary.setText("TrafficSplit " + meta.path("namespace").asText() + "/" + meta.path("name").asText()
                + " splits Service " + split.path("spec").path("service").asText() + " (resourceVersion "
                + meta.path("resourceVersion").asText() + ")");
        sliders.removeAll();
        controls.clear();
        observed.clear();
        for (int i = 0; i < backends.size(); i++) {
            String backend = backends.get(i);
            String id = MainLayout.slug(backend);
            IntegerSlider slider = new IntegerSlider(backend, 0, SplitWeights.TOTAL);
            slider.setStep(SplitWeights.STEP);
            slider.setValue(positions.get(i));
            slider.setValueAlwaysVisible(true);
            slider.setWidthFull();
            slider.setId("split-weight-" + id);
            slider.setReadOnly(!canEdit || backends.size() < 2);
            int index = i;
            slider.addValueChangeListener(e -> {
                if (e.isFromClient() && e.getValue() != null) {
                    moved(index, e.getValue());
                }
            });
            Span configured = new Span("configured weight " + weights.get(i));
            configured.setId("split-configured-" + id);
            Span traffic = new Span();
            traffic.setId("split-observed-" + id);
            Div line = new Div(slider, configured, new Span(" · "), traffic);
            line.addClassName("split-backend");
            sliders.add(line);
            controls.add(slider);
            observed.add(traffic);
        }
        apply.setEnabled(backends.size() > 1);
        refreshObserved();
    }

    /** One slider moved: rebalance the others so the total stays 100. */
    private void moved(int index, int value) {
        positions = SplitWeights.rebalance(positions, index, value);
        for (int i = 0; i < controls.size(); i++) {
            if (!controls.get(i).getValue().equals(positions.get(i))) {
                controls.get(i).setValue(positions.get(i));
            }
        }
        saved.setText("");
    }

    /** Asks the API for the split's live traffic and writes it next to each slider. */
    private void refreshObserved() {
        if (stored == null) {
            return;
        }
        LiveTraffic live = null;
        String why = null;
        try {
            JsonNode meta = stored.path("metadata");
            live = LiveTraffic.of(ConsoleSession.require().api().splitTraffic(meta.path("namespace").asText(),
                    meta.path("name").asText()));
        } catch (ApiProblem p) {
            why = "live traffic unavailable: " + p.title();
        }
        for (int i = 0; i < backends.size(); i++) {
            observed.get(i).setText(live == null ? why : live.backend(backends.get(i)));
        }
        liveNote.setText(live == null ? why : "Live traffic: " + live.note());
    }

    private void confirm() {
        List<Integer> current = positions;
        if (!SplitWeights.isBalanced(current)) {
            Notices.error("The weights do not add up to 100");
            return;
        }
        UnorderedList changes = new UnorderedList();
        List<Integer> before = SplitWeights.normalize(storedWeights());
        for (int i = 0; i < backends.size(); i++) {
            changes.add(new ListItem(backends.get(i) + ": " + before.get(i) + " → " + current.get(i)));
        }
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setId("split-confirm-dialog");
        dialog.setHeader("Apply these weights?");
        dialog.add(new Paragraph("Traffic to " + stored.path("spec").path("service").asText()
                + " is split this way as soon as the proxies pick up the change."), changes);
        Button ok = new Button("Apply");
        ok.setId("split-confirm");
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        ok.addClickListener(e -> {
            dialog.close();
            send(current);
        });
        dialog.setConfirmButton(ok);
        dialog.setCancelable(true);
        dialog.open();
    }

    private List<Long> storedWeights() {
        List<Long> weights = new ArrayList<>();
        stored.path("spec").path("backends").forEach(b -> weights.add(b.path("weight").asLong()));
        return weights;
    }

    private void send(List<Integer> weights) {
        ConsoleSession session = ConsoleSession.require();
        String ns = stored.path("metadata").path("namespace").asText();
        String name = stored.path("metadata").path("name").asText();
        ObjectNode patch = SplitWeights.mergePatch(stored, weights);
        JsonNode readBack;
        try {
            session.api().mergePatch(kind(), ns, name, patch);
            readBack = session.api().get(kind(), ns, name);
        } catch (ApiProblem p) {
            Notices.error(p.status() == 409 ? "Someone changed this split meanwhile: reload and try again" : p.summary());
            return;
        }
        if (!readBack.path("spec").path("backends").equals(patch.path("spec").path("backends"))) {
            Notices.error("Applied, but the split read back differs: reload and check");
            show(readBack);
            return;
        }
        show(readBack);
        saved.setText("Applied and read back: resourceVersion " + readBack.path("metadata").path("resourceVersion").asText());
        Notices.success("Weights of " + ns + "/" + name + " applied");
    }
}
