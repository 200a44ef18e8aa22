package io.meshgate.console.views;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinSession;
import io.meshgate.console.ConsoleServlet;
import io.meshgate.console.api.ApiClient;
import io.meshgate.console.api.ApiProblem;
import io.meshgate.console.api.Whoami;
import io.meshgate.console.session.ConsoleSession;

/**
 * Sign-in by pasting an API token. The token is checked by asking the API who it belongs to
 * ({@code GET /api/v1/whoami}); the role shown and enforced in the console is the API's answer.
 */
@Route(value = "sign-in", autoLayout = false)
@PageTitle("Sign in · Meshgate")
public final class SignInView extends VerticalLayout implements BeforeEnterObserver {
    private final PasswordField token = new PasswordField("API token");

    public SignInView() {
        addClassName("sign-in");
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        setSizeFull();
        token.setId("signin-token");
        token.setWidth("min(28rem, 90vw)");
        token.setHelperText("An admin, editor or viewer token (bin/meshgate up writes the admin token to data/admin.token)");
        token.setRevealButtonVisible(false);
        token.focus();
        Button signIn = new Button("Sign in", e -> signIn());
        signIn.setId("signin-submit");
        signIn.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        signIn.addClickShortcut(Key.ENTER);
        add(new H1("Meshgate console"),
                new Paragraph("Everything here goes through the admin API with your token."), token, signIn);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (ConsoleSession.current().isPresent()) {
            event.forwardTo(OverviewView.class);
        }
    }

    private void signIn() {
        String value = token.getValue().trim();
        if (value.isEmpty()) {
            token.setErrorMessage("Paste a token");
            token.setInvalid(true);
            return;
        }
        ApiClient api = ConsoleServlet.current().apiClient(value);
        Whoami user;
        try {
            user = api.whoami();
        } catch (ApiProblem p) {
            token.setErrorMessage(p.status() == 401 ? "The API does not know this token (or it has expired)"
                    : p.summary());
            token.setInvalid(true);
            return;
        }
        // a new session id at sign-in: an id planted before it (session fixation) is worth nothing
        VaadinService.reinitializeSession(VaadinRequest.getCurrent());
        VaadinSession.getCurrent().setAttribute(ConsoleSession.class, new ConsoleSession(user, api));
        token.clear();
        getUI().ifPresent(ui -> ui.navigate(OverviewView.class));
    }
}
