package io.meshgate.console.session;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import io.meshgate.console.views.SignInView;

/**
 * Sends every navigation without a signed-in user to {@link SignInView}, so no view can be reached
 * (or even built) before the API has accepted a token. Registered through
 * {@code META-INF/services/com.vaadin.flow.server.VaadinServiceInitListener}.
 */
public final class SignInGuard implements VaadinServiceInitListener {

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(ui -> ui.getUI().addBeforeEnterListener(SignInGuard::check));
    }

    private static void check(BeforeEnterEvent event) {
        if (event.getNavigationTarget() != SignInView.class && ConsoleSession.current().isEmpty()) {
            event.rerouteTo(SignInView.class);
        }
    }
}
