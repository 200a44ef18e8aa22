package io.meshgate.console.views;

import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.meshgate.console.forms.MeshConfigSetting;
import io.meshgate.resources.MeshConfigDefaults;

import java.util.Map;

/**
 * The MeshConfig switches FSM's demos flip (permissive mode, egress, egress policy, access control,
 * retry and plugin policies, ingress TLS, mTLS, passthrough) as toggles with one line each. The
 * search filters the switches; labels and namespace pick the MeshConfig when there are several.
 */
@Route("meshconfig")
@PageTitle("MeshConfig")
@Menu(title = "MeshConfig", order = 80, icon = "vaadin:cogs")
public final class MeshConfigView extends VerticalLayout implements BeforeEnterObserver {
    private final FilterBar filters = new FilterBar("meshconfig", "meshconfig", Map::of);
    private final MeshConfigPanel panel = new MeshConfigPanel("meshconfig", "Mesh-wide switches",
            MeshConfigSetting.SEED_SWITCHES);

    public MeshConfigView() {
        addClassName("meshconfig");
        setMaxWidth("72rem");
        filters.onChange(f -> show(f));
        add(filters, panel, Texts.link("Open as YAML", "yaml", Map.of("kind", "MeshConfig",
                "ns", MeshConfigDefaults.NAMESPACE, "name", MeshConfigDefaults.NAME)));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        ListFilters f = ListFilters.from(event.getLocation().getQueryParameters());
        filters.show(f);
        show(f);
    }

    private void show(ListFilters f) {
        panel.load(f.namespace(), f.labels());
        panel.filter(f.search());
    }
}
