package io.meshgate.sidecar.runtime;

import io.meshgate.proxy.BearerTokenSource;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@code meshgate sidecar}. Identity flags win over the environment FSM's injector
 * sets; the token may come from {@code MESHGATE_TOKEN} and the CA file from {@code MESHGATE_CA_FILE},
 * which keeps the token out of process listings. On Kubernetes the injector sets {@code MESHGATE_TOKEN_FILE}
 * (the pod's projected service-account token, re-read for every registration attempt) and
 * {@code MESHGATE_CA_PEM} (the mesh CA's certificate itself) instead.
 *
 * @param identity          the workload
 * @param server            the control plane's API base URL
 * @param token             the sidecar token (role {@code sidecar}): it may only register this workload; null
 *                          when {@code tokenFile} is given
 * @param caFile            the mesh CA to trust for an {@code https} server; null = the JDK's trust store (or
 *                          {@code caPem})
 * @param adminAddress      the admin listener's bind address (all by default: the control plane reads it on
 *                          the pod IP, with a secret; beyond loopback it only reads)
 * @param adminPort         the admin port (-1 = none)
 * @param prometheusAddress the Prometheus listener's bind address (all by default: scrapers are outside the pod)
 * @param prometheusPort    the Prometheus port (-1 = none)
 * @param dataDir           where the last good config is kept for a restart without the control plane
 * @param ioThreads         the kernel's event-loop threads
 * @param hostsFile         a hosts file ({@code /etc/hosts} format) the sidecar's DNS listener answers names
 *                          outside the mesh from ({@code --hosts-file}, {@code MESHGATE_SIDECAR_HOSTS_FILE});
 *                          null = none. A setting of this host, not of the mesh: the sidecar sets it on the
 *                          DNS listener of every config it runs ({@link DnsHostsFile})
 * @param healthProbes      {@code --health-probes true}: FSM's probe listeners on 15901-15904
 *                          ({@link HealthProbeListener}), which the Kubernetes injector asks for when it rewrote
 *                          a pod's probes
 * @param tokenFile         a file holding the token, read again for every registration attempt
 *                          ({@code --token-file}, {@code MESHGATE_TOKEN_FILE}); null = {@code token}
 * @param caPem             the mesh CA's certificate as PEM text ({@code MESHGATE_CA_PEM}), written to
 *                          {@value #CA_PEM_FILE} in the data directory at start ({@link #trustFile()}); null = none
 */
public record SidecarOptions(WorkloadIdentity identity, URI server, String token, Path caFile, String adminAddress,
                             int adminPort, String prometheusAddress, int prometheusPort, Path dataDir, int ioThreads,
                             Path hostsFile, boolean healthProbes, Path tokenFile, String caPem) {
    /** Where {@code MESHGATE_CA_PEM} is written for the clients that read a CA file. */
    static final String CA_PEM_FILE = "mesh-ca.crt";

    public SidecarOptions {
        if ((token == null) == (tokenFile == null)) {
            throw new IllegalArgumentException(token == null ? "missing the sidecar token: set MESHGATE_TOKEN or pass"
                    + " --token, or name a token file with MESHGATE_TOKEN_FILE or --token-file"
                    : "give either a token (--token, MESHGATE_TOKEN) or a token file (--token-file,"
                    + " MESHGATE_TOKEN_FILE), not both");
        }
        if (caFile != null && caPem != null) {
            throw new IllegalArgumentException("give either a CA file (--ca-file, MESHGATE_CA_FILE) or the CA itself"
                    + " (MESHGATE_CA_PEM), not both");
        }
    }

    /** Options with a fixed token and a CA file (or none). */
    public SidecarOptions(WorkloadIdentity identity, URI server, String token, Path caFile, String adminAddress,
                          int adminPort, String prometheusAddress, int prometheusPort, Path dataDir, int ioThreads,
                          Path hostsFile, boolean healthProbes) {
        this(identity, server, token, caFile, adminAddress, adminPort, prometheusAddress, prometheusPort, dataDir,
                ioThreads, hostsFile, healthProbes, null, null);
    }

    /** Where the registration's token comes from: the token file when there is one, else the token. */
    public BearerTokenSource tokenSource() {
        return tokenFile != null ? BearerTokenSource.file(tokenFile) : BearerTokenSource.of(token);
    }

    /**
     * The CA file the registration and the config agent trust: {@code caFile}, or {@code caPem} written to
     * {@value #CA_PEM_FILE} in the data directory (created when missing); null = the JDK's trust store.
     *
     * @throws java.io.UncheckedIOException when the data directory cannot be written
     */
    public Path trustFile() {
        if (caPem == null) {
            return caFile;
        }
        Path file = dataDir.resolve(CA_PEM_FILE);
        try {
            java.nio.file.Files.createDirectories(dataDir);
            java.nio.file.Files.writeString(file, caPem.endsWith("\n") ? caPem : caPem + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write MESHGATE_CA_PEM to " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Options without FSM's probe listeners. */
    public SidecarOptions(WorkloadIdentity identity, URI server, String token, Path caFile, String adminAddress,
                          int adminPort, String prometheusAddress, int prometheusPort, Path dataDir, int ioThreads,
                          Path hostsFile) {
        this(identity, server, token, caFile, adminAddress, adminPort, prometheusAddress, prometheusPort, dataDir,
                ioThreads, hostsFile, false);
    }

    /** Options without a hosts file. */
    public SidecarOptions(WorkloadIdentity identity, URI server, String token, Path caFile, String adminAddress,
                          int adminPort, String prometheusAddress, int prometheusPort, Path dataDir, int ioThreads) {
        this(identity, server, token, caFile, adminAddress, adminPort, prometheusAddress, prometheusPort, dataDir,
                ioThreads, null);
    }

    static final String USAGE = """
            usage: meshgate sidecar --server URL [--token TOKEN | env MESHGATE_TOKEN | --token-file FILE | env MESHGATE_TOKEN_FILE]
                     [--ca-file FILE | env MESHGATE_CA_FILE | env MESHGATE_CA_PEM]
                     [--pod-name NAME | env POD_NAME] [--namespace NS | env POD_NAMESPACE]
                     [--pod-ip IP | env POD_IP] [--service-account SA | env SERVICE_ACCOUNT]
                     [--labels app=x,version=v1] [--admin-address 0.0.0.0] [--admin-port 15000 (-1 = none)]
                     [--prometheus-address 0.0.0.0] [--prometheus-port 15010 (-1 = none)]
                     [--data-dir DIR (./sidecar-data/NS/POD)] [--io-threads N (2)]
                     [--hosts-file FILE | env MESHGATE_SIDECAR_HOSTS_FILE] [--health-probes true|false (false)]
              Registers the workload with the control plane (POST /api/v1/workloads) with the sidecar token
              (or the token in --token-file, read again for every attempt: on Kubernetes the pod's projected
              service-account token, which the kubelet rotates), then runs the proxy on the config published for it; on SIGTERM deregisters and drains.
              --hosts-file: names outside the mesh the DNS listener (127.0.0.153:5300) answers from an
              /etc/hosts-format file, re-read when it changes.
              --health-probes true: answer the kubelet's rewritten probes on 15901-15904 (GET /fsm-healthcheck with
              Original-Http-Port/-Path or Original-Tcp-Port), checking the workload on 127.0.0.1.""";

    private static final Set<String> FLAGS = Set.of("server", "token", "token-file", "ca-file", "pod-name", "namespace", "pod-ip",
            "service-account", "labels", "admin-address", "admin-port", "prometheus-address", "prometheus-port",
            "data-dir", "io-threads", "hosts-file", "health-probes");

    /** Whether {@code args} ask for the usage only. */
    static boolean wantsHelp(String[] args) {
        return args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"));
    }

    /**
     * @param env the process environment (identity, {@code MESHGATE_TOKEN}, {@code MESHGATE_CA_FILE})
     * @throws IllegalArgumentException saying which flag or variable is missing or wrong
     */
    public static SidecarOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.startsWith("--") ? arg.substring(2) : "";
            if (!FLAGS.contains(name)) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            if (flags.put(name, args[++i]) != null) {
                throw new IllegalArgumentException(arg + " given twice");
            }
        }
        String serverText = flags.get("server");
        if (serverText == null) {
            throw new IllegalArgumentException("missing the control plane: pass --server URL (e.g. http://127.0.0.1:9091)");
        }
        URI server = server(serverText);
        String token = optional(flags, "token", env, "MESHGATE_TOKEN");
        Path tokenFile = tokenFile(optional(flags, "token-file", env, "MESHGATE_TOKEN_FILE"));
        if (token == null && tokenFile == null) {
            throw new IllegalArgumentException("missing the sidecar token: set MESHGATE_TOKEN or pass --token, or name a"
                    + " token file with MESHGATE_TOKEN_FILE or --token-file");
        }
        if (token != null && tokenFile != null) {
            throw new IllegalArgumentException("give either a token (--token, MESHGATE_TOKEN) or a token file"
                    + " (--token-file, MESHGATE_TOKEN_FILE), not both");
        }
        WorkloadIdentity identity = new WorkloadIdentity(
                either(flags, "namespace", env, "POD_NAMESPACE", "the namespace"),
                either(flags, "pod-name", env, "POD_NAME", "the pod name"),
                either(flags, "service-account", env, "SERVICE_ACCOUNT", "the service account"),
                either(flags, "pod-ip", env, "POD_IP", "the pod IP"),
                Labels.parse(flags.get("labels")));
        String caFile = flags.getOrDefault("ca-file", env.get("MESHGATE_CA_FILE"));
        String caPem = caPem(env.get("MESHGATE_CA_PEM"));
        if (caPem != null && caFile != null && !caFile.isBlank()) {
            throw new IllegalArgumentException("give either a CA file (--ca-file, MESHGATE_CA_FILE) or the CA itself"
                    + " (MESHGATE_CA_PEM), not both");
        }
        Path dataDir = flags.containsKey("data-dir") ? Path.of(flags.get("data-dir"))
                : Path.of("sidecar-data", identity.namespace(), identity.name());
        return new SidecarOptions(identity, server, token, caFile == null || caFile.isBlank() ? null : Path.of(caFile),
                flags.getOrDefault("admin-address", "0.0.0.0"), port(flags, "admin-port", 15000),
                flags.getOrDefault("prometheus-address", "0.0.0.0"), port(flags, "prometheus-port", 15010),
                dataDir, threads(flags.getOrDefault("io-threads", "2")),
                hostsFile(flags.getOrDefault("hosts-file", env.get("MESHGATE_SIDECAR_HOSTS_FILE"))),
                bool("--health-probes", flags.getOrDefault("health-probes", "false")), tokenFile, caPem);
    }

    /** The flag's value, else the variable's; null when neither is set (or blank). */
    private static String optional(Map<String, String> flags, String flag, Map<String, String> env, String variable) {
        String value = flags.get(flag);
        if (value == null || value.isBlank()) {
            value = env.get(variable);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * The token file, checked once at start so a wrong path fails with its reason (it is read again for
     * every registration attempt, {@link BearerTokenSource.FromFile}).
     */
    private static Path tokenFile(String value) {
        if (value == null) {
            return null;
        }
        Path path = Path.of(value).toAbsolutePath();
        if (java.nio.file.Files.isDirectory(path)) {
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

    /** {@code MESHGATE_CA_PEM}: null when unset, else it must hold a PEM certificate. */
    private static String caPem(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.contains("-----BEGIN CERTIFICATE-----") || !value.contains("-----END CERTIFICATE-----")) {
            throw new IllegalArgumentException("MESHGATE_CA_PEM must hold a PEM certificate (-----BEGIN CERTIFICATE-----"
                    + " ... -----END CERTIFICATE-----)");
        }
        return value.strip() + "\n";
    }

    private static boolean bool(String flag, String value) {
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(flag + " must be true or false, got '" + value + "'");
        };
    }

    /**
     * The hosts file, null when not set. It need not exist yet (the DNS listener reads it when it
     * appears, e.g. written by a test after the sidecar starts), but a directory is a mistake.
     */
    private static Path hostsFile(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Path path = Path.of(value.strip());
        if (java.nio.file.Files.isDirectory(path)) {
            throw new IllegalArgumentException("--hosts-file must be a file in /etc/hosts format, got the directory '"
                    + value + "'");
        }
        return path.toAbsolutePath();
    }

    /** The flag's value, else the variable's; a message naming both when neither is set. */
    private static String either(Map<String, String> flags, String flag, Map<String, String> env, String variable, String what) {
        String value = flags.get(flag);
        if (value == null || value.isBlank()) {
            value = env.get(variable);
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing " + what + ": set " + variable + " or pass --" + flag);
        }
        return value.strip();
    }

    private static URI server(String value) {
        URI uri;
        try {
            uri = URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--server '" + value + "' is not a URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--server must be an http:// or https:// URL with a host, got '" + value + "'");
        }
        return uri;
    }

    private static int port(Map<String, String> flags, String flag, int fallback) {
        String value = flags.get(flag);
        if (value == null) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= -1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + flag + " must be a port 0..65535 or -1 (none), got '" + value + "'");
    }

    private static int threads(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= 64) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--io-threads must be 1..64, got '" + value + "'");
    }
}
