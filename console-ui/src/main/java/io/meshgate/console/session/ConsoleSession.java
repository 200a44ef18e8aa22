package io.meshgate.console.session;

import com.vaadin.flow.server.VaadinSession;
import io.meshgate.console.api.ApiClient;
import io.meshgate.console.api.ApiKind;
import io.meshgate.console.api.Whoami;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * The signed-in user of one HTTP session: who the API says the token belongs to, and a client that
 * sends that token. It lives only in the server-side session (never in a cookie, the URL or the
 * page), and is gone when the session is invalidated at sign-out or by idle timeout.
 */
public final class ConsoleSession implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Whoami user;
    private final transient ApiClient api;
    private transient volatile List<ApiKind> kinds;

    public ConsoleSession(Whoami user, ApiClient api) {
        this.user = user;
        this.api = api;
    }

    /** The signed-in user of the current Vaadin session, if any. */
    public static Optional<ConsoleSession> current() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? Optional.empty() : Optional.ofNullable(session.getAttribute(ConsoleSession.class));
    }

    /** The signed-in user; views behind {@link SignInGuard} can rely on it. */
    public static ConsoleSession require() {
        return current().orElseThrow(() -> new IllegalStateException("not signed in"));
    }

    public Whoami user() {
        return user;
    }

    public ApiClient api() {
        return api;
    }

    /** The kinds the API serves, asked once per session (they change only with a server upgrade). */
    public List<ApiKind> kinds() {
        List<ApiKind> known = kinds;
        if (known == null) {
            known = api.kinds();
            kinds = known;
        }
        return known;
    }

    /** A kind by its name ({@code Ingress}), plural ({@code ingresses}) or lower-case name. */
    public ApiKind kind(String name) {
        return kinds().stream()
                .filter(k -> k.kind().equals(name) || k.plural().equals(name) || k.kind().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the API serves no kind '" + name + "'"));
    }

    /** Whether edit, apply and restore controls are shown (the API refuses viewers anyway). */
    public boolean canEdit() {
        return user.canEdit();
    }
}
