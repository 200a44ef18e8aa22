package io.meshgate.console;

import org.eclipse.jetty.ee11.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.ee11.webapp.Configuration;
import org.eclipse.jetty.ee11.webapp.FragmentConfiguration;
import org.eclipse.jetty.ee11.webapp.JettyWebXmlConfiguration;
import org.eclipse.jetty.ee11.webapp.MetaInfConfiguration;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.ee11.webapp.WebInfConfiguration;
import org.eclipse.jetty.ee11.webapp.WebXmlConfiguration;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.URI;
import java.time.Duration;

/**
 * The admin console on embedded Jetty (ee11): one webapp whose Vaadin servlet serves the
 * production bundle. Start with {@link #start}, stop with {@link #close}.
 *
 * <p>Security of the web layer: the session cookie is HttpOnly and SameSite=Strict, and Secure
 * whenever the request came over TLS; the API token lives only in the server-side session. CSRF is
 * Vaadin's: every UIDL request must carry the per-UI security key that only the page got, and the
 * SameSite cookie keeps other sites' requests from carrying the session at all.
 */
public final class ConsoleServer implements AutoCloseable {
    /**
     * Classpath entries scanned for {@code @Route}, {@code ServletContainerInitializer}s and
     * {@code META-INF/resources}: Vaadin's own jars and the console's classes. Scanning the whole
     * classpath (Helidon, Netty, H2 ...) would only cost start-up time.
     */
    static final String SCANNED_CLASSPATH = ".*/(flow|vaadin)-[^/]*\\.jar$|.*/meshgate-console-ui[^/]*\\.jar$"
            + "|.*/console-ui/target/(test-)?classes/?$";
    private static final Duration SESSION_IDLE = Duration.ofMinutes(30);

    private final Server server;
    private final ServerConnector connector;
    private final ConsoleOptions options;

    private ConsoleServer(ConsoleOptions options) {
        this.options = options;
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("console");
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost(options.bind());
        connector.setPort(options.port());
        server.addConnector(connector);
        server.setHandler(webApp(options));
        server.setStopTimeout(2_000);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the start failure is what matters
            }
            throw new IllegalStateException("the console could not start on " + options.bind() + ":" + options.port()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Starts the console; the caller closes it. */
    public static ConsoleServer start(ConsoleOptions options) {
        return new ConsoleServer(options);
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Where a browser reaches the console. */
    public URI url() {
        String host = options.bind().equals("0.0.0.0") ? "127.0.0.1" : options.bind();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the console failed", e);
        }
    }

    private static WebAppContext webApp(ConsoleOptions options) {
        WebAppContext context = new WebAppContext();
        context.setContextPath("/");
        context.setBaseResource(webRoot(context));
        context.setConfigurations(new Configuration[] {
                new WebInfConfiguration(), new WebXmlConfiguration(), new MetaInfConfiguration(),
                new FragmentConfiguration(), new AnnotationConfiguration(), new JettyWebXmlConfiguration()});
        context.setAttribute(MetaInfConfiguration.CONTAINER_JAR_PATTERN, SCANNED_CLASSPATH);
        context.setParentLoaderPriority(true);
        context.setThrowUnavailableOnStartupException(true);
        // no webdefault.xml: Jetty's default servlet (directory listings, its listeners) is not wanted,
        // Vaadin's servlet serves every path
        context.setDefaultsDescriptor(null);

        ServletHolder vaadin = new ServletHolder("console", new ConsoleServlet(options));
        vaadin.setAsyncSupported(true);
        vaadin.setInitParameter("productionMode", "true");
        // no server push: every view refreshes on user action, so no long-lived connections are held
        vaadin.setInitParameter("pushMode", "disabled");
        vaadin.setInitParameter("closeIdleSessions", "true");
        context.addServlet(vaadin, "/*");
        // Vaadin's servlet answers every path; Jetty's fallback 404 servlet would only be a class the
        // webapp loader cannot see (Vaadin inspects every registered servlet)
        context.getServletHandler().setEnsureDefaultServlet(false);

        var sessions = context.getSessionHandler();
        sessions.setHttpOnly(true);
        sessions.setSameSite(HttpCookie.SameSite.STRICT);
        sessions.setSecureRequestOnly(true);
        sessions.setSessionCookie("MESHGATE_CONSOLE");
        sessions.setMaxInactiveInterval((int) SESSION_IDLE.toSeconds());
        return context;
    }

    /** The console's own static files (its CSS) are the web root; Vaadin serves the rest from its jars. */
    private static Resource webRoot(WebAppContext context) {
        Resource root = ResourceFactory.of(context).newClassLoaderResource("META-INF/console-webroot/");
        if (root == null) {
            throw new IllegalStateException("META-INF/console-webroot/ is missing from the classpath");
        }
        return root;
    }
}
