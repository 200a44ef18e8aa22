package io.meshgate.egress.runtime;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@code meshgate egress-gateway}. Each flag may also come from the environment (a
 * flag wins): the token from {@code MESHGATE_PROXY_TOKEN} keeps it out of process listings, as for
 * {@code meshgate proxy}. What the gateway serves (mode, port, rules) is not set here: the control plane
 * publishes it from the gateway Service and the policies, so sidecars and gateway always agree.
 *
 * @param server       the control plane's API base URL ({@code --server}, {@code MESHGATE_SERVER})
 * @param name         the registered proxy name ({@code --name}, {@code MESHGATE_PROXY_NAME}; default
 *                     {@value #DEFAULT_NAME})
 * @param token        the proxy token of that name ({@code --token}, {@code MESHGATE_PROXY_TOKEN}): it reads
 *                     this proxy's config and nothing else
 * @param caFile       the mesh CA to trust for an {@code https} server ({@code --ca-file},
 *                     {@code MESHGATE_CA_FILE}); null = the JDK's trust store
 * @param adminAddress the admin listener's bind address ({@code --admin-address}, loopback by default)
 * @param adminPort    the admin port ({@code --admin-port}, FSM's {@value #DEFAULT_ADMIN_PORT}; -1 = none)
 * @param dataDir      where the last good config is kept for a restart without the control plane
 */
public record EgressGatewayOptions(URI server, String name, String token, Path caFile, String adminAddress,
                                   int adminPort, Path dataDir) {
    /** The proxy name of the mesh's gateway (the name FSM's Deployment has, with its namespace). */
    public static final String DEFAULT_NAME = "egress-gateway.fsm-system";
    /** FSM's {@code egressGateway.adminPort}. */
    public static final int DEFAULT_ADMIN_PORT = 6060;

    static final String USAGE = """
            usage: meshgate egress-gateway --server URL | env MESHGATE_SERVER
                     [--token TOKEN | env MESHGATE_PROXY_TOKEN] [--name NAME | env MESHGATE_PROXY_NAME (egress-gateway.fsm-system)]
                     [--ca-file FILE | env MESHGATE_CA_FILE] [--admin-address ADDR (127.0.0.1)]
                     [--admin-port PORT (6060, -1 = none)] [--data-dir DIR (./egress-gateway-data)]
              Runs the mesh's egress gateway on the config the control plane publishes for the proxy NAME
              (registered with kind egress: POST /api/v1/proxies {"name": NAME, "kind": "egress"} gives TOKEN).
              Mode (http2tunnel or sock5) and port (1080) come from the gateway Service the EgressGateway
              policy names; see egress-gateway/README.md.""";

    private static final Set<String> FLAGS = Set.of("server", "name", "token", "ca-file", "admin-address", "admin-port",
            "data-dir");

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
        String token = required(flags, "token", env, "MESHGATE_PROXY_TOKEN", "the egress gateway's proxy token");
        String name = optional(flags, "name", env, "MESHGATE_PROXY_NAME", DEFAULT_NAME);
        String caFile = optional(flags, "ca-file", env, "MESHGATE_CA_FILE", null);
        return new EgressGatewayOptions(server, name, token, caFile == null ? null : Path.of(caFile),
                flags.getOrDefault("admin-address", "127.0.0.1").strip(), adminPort(flags.get("admin-port")),
                Path.of(flags.getOrDefault("data-dir", "egress-gateway-data")));
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
