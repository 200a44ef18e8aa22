package io.meshgate.egress.runtime;

import io.meshgate.proxy.BearerTokenSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@code meshgate egress-gateway}. Each flag may also come from the environment (a
 * flag wins): the token from {@code MESHGATE_PROXY_TOKEN} keeps it out of process listings, as for
 * {@code meshgate proxy}; on Kubernetes a service-account token file ({@code MESHGATE_TOKEN_FILE}) takes
 * its place. What the gateway serves (mode, port, rules) is not set here: the control plane
 * publishes it from the gateway Service and the policies, so sidecars and gateway always agree.
 *
 * @param server       the control plane's API base URL ({@code --server}, {@code MESHGATE_SERVER})
 * @param name         the registered proxy name ({@code --name}, {@code MESHGATE_PROXY_NAME}; default
 *                     {@value #DEFAULT_NAME})
 * @param token        the proxy token of that name ({@code --token}, {@code MESHGATE_PROXY_TOKEN}): it reads
 *                     this proxy's config and nothing else; null until exchanged when {@code tokenFile} is given
 * @param caFile       the mesh CA to trust for an {@code https} server ({@code --ca-file},
 *                     {@code MESHGATE_CA_FILE}); null = the JDK's trust store
 * @param adminAddress the admin listener's bind address ({@code --admin-address}, loopback by default)
 * @param adminPort    the admin port ({@code --admin-port}, FSM's {@value #DEFAULT_ADMIN_PORT}; -1 = none)
 * @param dataDir      where the last good config is kept for a restart without the control plane
 * @param tokenFile    on Kubernetes, the pod's projected service-account token ({@code --token-file},
 *                     {@code MESHGATE_TOKEN_FILE}), exchanged at start for the proxy token
 *                     ({@link ProxyTokenExchange}); null = {@code token} is the proxy token
 */
public record EgressGatewayOptions(URI server, String name, String token, Path caFile, String adminAddress,
                                   int adminPort, Path dataDir, Path tokenFile) {
    /** The proxy name of the mesh's gateway (the name FSM's Deployment has, with its namespace). */
    public static final String DEFAULT_NAME = "egress-gateway.fsm-system";
    /** FSM's {@code egressGateway.adminPort}. */
    public static final int DEFAULT_ADMIN_PORT = 6060;

    /** Options with a proxy token given (no token file). */
    public EgressGatewayOptions(URI server, String name, String token, Path caFile, String adminAddress, int adminPort,
                                Path dataDir) {
        this(server, name, token, caFile, adminAddress, adminPort, dataDir, null);
    }

    /** These options with the proxy token a token file was exchanged for. */
    public EgressGatewayOptions withToken(String proxyToken) {
        return new EgressGatewayOptions(server, name, proxyToken, caFile, adminAddress, adminPort, dataDir, tokenFile);
    }

    @Override
    public String toString() {
        return "EgressGatewayOptions[server=" + server + ", name=" + name + ", token=" + (token == null ? "none"
                : "<redacted>") + ", caFile=" + caFile + ", adminAddress=" + adminAddress + ", adminPort=" + adminPort
                + ", dataDir=" + dataDir + ", tokenFile=" + tokenFile + "]";
    }

    static final String USAGE = """
            usage: meshgate egress-gateway --server URL | env MESHGATE_SERVER
                     [--token TOKEN | env MESHGATE_PROXY_TOKEN | --token-file FILE | env MESHGATE_TOKEN_FILE]
                     [--name NAME | env MESHGATE_PROXY_NAME (egress-gateway.fsm-system)]
                     [--ca-file FILE | env MESHGATE_CA_FILE] [--admin-address ADDR (127.0.0.1)]
                     [--admin-port PORT (6060, -1 = none)] [--data-dir DIR (./egress-gateway-data)]
              Runs the mesh's egress gateway on the config the control plane publishes for the proxy NAME
              (registered with kind egress: POST /api/v1/proxies {"name": NAME, "kind": "egress"} gives TOKEN).
              On Kubernetes, --token-file names the pod's projected service-account token (audience meshgate):
              the gateway exchanges it for the proxy token at POST /api/v1/proxies/NAME/registration.
              Mode (http2tunnel or sock5) and port (1080) come from the gateway Service the EgressGateway
              policy names; see egress-gateway/README.md.""";

    private static final Set<String> FLAGS = Set.of("server", "name", "token", "token-file", "ca-file", "admin-address",
            "admin-port", "data-dir");

    /** Whether {@code args} ask for the usage only. */
    static boolean wantsHelp(String[] args) {
        return args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"));
    }

    /**
     * @param env the process environment
     * @throws IllegalArgumentException saying which flag or variable is missing or wrong
     */
    public static EgressGatewayOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String flag = arg.startsWith("--") ? arg.substring(2) : "";
            if (!FLAGS.contains(flag)) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            if (flags.put(flag, args[++i]) != null) {
                throw new IllegalArgumentException(arg + " given twice");
            }
        }
        URI server = server(required(flags, "server", env, "MESHGATE_SERVER",
                "the control plane (e.g. http://127.0.0.1:9091)"));
        String token = optional(flags, "token", env, "MESHGATE_PROXY_TOKEN", null);
        String tokenFileValue = optional(flags, "token-file", env, "MESHGATE_TOKEN_FILE", null);
        if (token == null && tokenFileValue == null) {
            throw new IllegalArgumentException("missing the egress gateway's proxy token: pass --token or set"
                    + " MESHGATE_PROXY_TOKEN, or name a service-account token file with --token-file or"
                    + " MESHGATE_TOKEN_FILE");
        }
        if (token != null && tokenFileValue != null) {
            throw new IllegalArgumentException("give either a proxy token (--token, MESHGATE_PROXY_TOKEN) or a"
                    + " service-account token file (--token-file, MESHGATE_TOKEN_FILE), not both");
        }
        Path tokenFile = tokenFile(tokenFileValue);
        String name = optional(flags, "name", env, "MESHGATE_PROXY_NAME", DEFAULT_NAME);
        String caFile = optional(flags, "ca-file", env, "MESHGATE_CA_FILE", null);
        return new EgressGatewayOptions(server, name, token, caFile == null ? null : Path.of(caFile),
                flags.getOrDefault("admin-address", "127.0.0.1").strip(), adminPort(flags.get("admin-port")),
                Path.of(flags.getOrDefault("data-dir", "egress-gateway-data")), tokenFile);
    }

    /**
     * The token file, checked once at start so a wrong path fails with its reason (it is read again for
     * every exchange attempt, {@link BearerTokenSource.FromFile}).
     */
    private static Path tokenFile(String value) {
        if (value == null) {
            return null;
        }
        Path path = Path.of(value).toAbsolutePath();
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException("--token-file must be a file holding the token, got the directory '"
                    + value + "'");
        }
        try {
            BearerTokenSource.file(path).current();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("--token-file (MESHGATE_TOKEN_FILE): " + e.getMessage());
        }
        return path;
    }

    private static String required(Map<String, String> flags, String flag, Map<String, String> env, String variable,
                                   String what) {
        String value = optional(flags, flag, env, variable, null);
        if (value == null) {
            throw new IllegalArgumentException("missing " + what + ": pass --" + flag + " or set " + variable);
        }
        return value;
    }

    /** The flag's value, else the variable's, else {@code fallback}; blank counts as unset. */
    private static String optional(Map<String, String> flags, String flag, Map<String, String> env, String variable,
                                   String fallback) {
        String value = flags.get(flag);
        if (value == null || value.isBlank()) {
            value = env.get(variable);
        }
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static URI server(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--server '" + value + "' is not a URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--server must be an http:// or https:// URL with a host, got '" + value + "'");
        }
        return uri;
    }

    private static int adminPort(String value) {
        if (value == null) {
            return DEFAULT_ADMIN_PORT;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= -1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--admin-port must be a port 0..65535 or -1 (none), got '" + value + "'");
    }
}
