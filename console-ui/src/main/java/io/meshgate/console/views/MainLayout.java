package io.meshgate.console.views;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import io.meshgate.console.session.ConsoleSession;

import java.util.Locale;

/**
 * The frame around every view: header (user, role, sign-out) and a side navigation built from the
 * {@code @Menu}-annotated routes, so a new screen appears by annotating its view, not by editing
 * this class. The drawer collapses into an overlay on narrow windows (AppLayout does that).
 */
@Layout
public final class MainLayout extends AppLayout implements AfterNavigationObserver {
    private final Span title = new Span();

    public MainLayout() {
        setPrimarySection(Section.DRAWER);
        DrawerToggle toggle = new DrawerToggle();
        toggle.setId("nav-toggle");
        title.addClassName("view-title");
        ConsoleSession session = ConsoleSession.require();
        Span user = new Span(session.user().name() + " (" + session.user().role() + ")");
        user.setId("current-user");
        user.addClassName("current-user");
        Button signOut = new Button("Sign out", e -> signOut());
        signOut.setId("sign-out");
        signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout header = new HorizontalLayout(toggle, title, user, signOut);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.expand(title);
        header.addClassName("console-header");
        addToNavbar(header);

        Span brand = new Span("Meshgate");
        brand.addClassName("brand");
        addToDrawer(brand, navigation());
    }

    private static SideNav navigation() {
        SideNav nav = new SideNav();
        nav.setId("nav");
        for (MenuEntry entry : MenuConfiguration.getMenuEntries()) {
            SideNavItem item = new SideNavItem(entry.title(), entry.path());
            item.setId("nav-" + slug(entry.path().isEmpty() ? "overview" : entry.path()));
            if (entry.icon() != null && entry.icon().contains(":")) {
                String[] icon = entry.icon().split(":", 2);
                item.setPrefixComponent(new Icon(icon[0], icon[1]));
            }
            nav.addItem(item);
        }
        return nav;
    }

    static String slug(String path) {
        return path.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        title.setText(MenuConfiguration.getPageHeader(getContent()).orElse("Meshgate"));
    }

    /** Drops the session (and with it the token) and starts over at the sign-in page. */
    private void signOut() {
        VaadinSession session = VaadinSession.getCurrent();
        getUI().ifPresent(ui -> ui.getPage().setLocation("sign-in"));
        session.getSession().invalidate();
    }
}
