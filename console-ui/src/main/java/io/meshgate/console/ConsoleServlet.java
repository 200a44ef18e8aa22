package io.meshgate.console;

import com.vaadin.flow.server.VaadinServlet;
import io.meshgate.console.api.ApiClient;

import java.net.http.HttpClient;

/**
 * The Vaadin servlet of one {@link ConsoleServer}: it carries that server's options and its HTTP
 * client to the API, so several consoles can run in one JVM (tests) without global state.
 */
public final class ConsoleServlet extends VaadinServlet {
    private final transient ConsoleOptions options;
    private final transient HttpClient http;

    public ConsoleServlet(ConsoleOptions options) {
        this.options = options;
        this.http = ApiClient.newHttpClient(options.apiCaFile());
    }

    /** The servlet serving the current request (views call this). */
    public static ConsoleServlet current() {
        return (ConsoleServlet) VaadinServlet.getCurrent();
    }

    public ConsoleOptions options() {
        return options;
    }

    /** A client for the API with one user's token. */
    public ApiClient apiClient(String token) {
        return new ApiClient(http, options.apiBaseUrl(), token);
    }

    @Override
    public void destroy() {
        super.destroy();
        http.close();
    }
}
