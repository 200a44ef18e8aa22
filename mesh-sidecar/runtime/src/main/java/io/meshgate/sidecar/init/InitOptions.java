package io.meshgate.sidecar.init;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@code meshgate sidecar-init}.
 *
 * @param interception what the flags ask for (before the MeshConfig's lists are merged in)
 * @param remove       undo: delete our rules and chains instead of installing them
 * @param dryRun       print the iptables-restore script, change nothing, need no root
 * @param server       the control plane to read the MeshConfig's lists from; null = flags only
 * @param token        a token allowed to read the MeshConfig (with {@code server})
 * @param caFile       the mesh CA for an https server; null = the JDK's trust store
 * @param help         print the usage and stop
 */
public record InitOptions(Interception interception, boolean remove, boolean dryRun, URI server, String token,
                          Path caFile, boolean help) {

    static final String USAGE = """
            usage: meshgate sidecar-init [--proxy-uid UID (1500)] [--proxy-gid GID]
                     [--outbound-ip-range-exclusion CIDR,...] [--outbound-ip-range-inclusion CIDR,...]
                     [--outbound-port-exclusion PORT,...] [--inbound-port-exclusion PORT,...]
                     [--server URL [--token TOKEN | env MESHGATE_TOKEN] [--ca-file FILE | env MESHGATE_CA_FILE]]
                     [--remove] [--dry-run]
              Installs FSM's sidecar interception rules (outbound TCP -> 15001, inbound TCP -> 15003,
              UDP to 127.0.0.153:53 -> 5300) with iptables-restore; run as root. Idempotent.
              --server: merge the MeshConfig's spec.traffic exclusion/inclusion lists into the flags'
              (the token must be allowed to read resources). --remove: delete the rules again.
              --dry-run: print the script instead of applying it.""";

    private static final Set<String> LISTS = Set.of("outbound-ip-range-exclusion", "outbound-ip-range-inclusion",
            "outbound-port-exclusion", "inbound-port-exclusion");
    private static final Set<String> VALUES = Set.of("proxy-uid", "proxy-gid", "server", "token", "ca-file");

    /**
     * @param env the environment ({@code MESHGATE_TOKEN}, {@code MESHGATE_CA_FILE})
     * @throws IllegalArgumentException naming the flag and the bad value
     */
    public static InitOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        Map<String, List<String>> lists = new HashMap<>();
        boolean remove = false;
        boolean dryRun = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> {
                    return new InitOptions(Interception.defaults(), false, false, null, null, null, true);
                }
                case "--remove" -> remove = true;
                case "--dry-run" -> dryRun = true;
                default -> {
                    String name = arg.startsWith("--") ? arg.substring(2) : "";
                    if (!LISTS.contains(name) && !VALUES.contains(name)) {
                        throw new IllegalArgumentException("unknown argument '" + arg + "'");
                    }
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    String value = args[++i];
                    if (LISTS.contains(name)) {
                        lists.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                    } else if (values.put(name, value) != null) {
                        throw new IllegalArgumentException(arg + " given twice");
                    }
                }
            }
        }
        Interception interception = new Interception(
                values.containsKey("proxy-uid") ? id("--proxy-uid", values.get("proxy-uid")) : Interception.DEFAULT_PROXY_UID,
                values.containsKey("proxy-gid") ? id("--proxy-gid", values.get("proxy-gid")) : null,
                ExclusionLists.cidrs("--outbound-ip-range-exclusion", joined(lists, "outbound-ip-range-exclusion")),
                ExclusionLists.cidrs("--outbound-ip-range-inclusion", joined(lists, "outbound-ip-range-inclusion")),
                ExclusionLists.ports("--outbound-port-exclusion", joined(lists, "outbound-port-exclusion")),
                ExclusionLists.ports("--inbound-port-exclusion", joined(lists, "inbound-port-exclusion")));
        String token = values.getOrDefault("token", env.get("MESHGATE_TOKEN"));
        String caFile = values.getOrDefault("ca-file", env.get("MESHGATE_CA_FILE"));
        URI server = null;
        if (values.containsKey("server")) {
            server = server(values.get("server"));
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("--server needs a token to read the MeshConfig: pass --token or set MESHGATE_TOKEN");
            }
        } else if (values.containsKey("token")) {
            throw new IllegalArgumentException("--token is only used with --server URL");
        }
        return new InitOptions(interception, remove, dryRun, server, server == null ? null : token,
                server == null || caFile == null || caFile.isBlank() ? null : Path.of(caFile), false);
    }

    private static int id(String flag, String value) {
        try {
            int id = Integer.parseInt(value.strip());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a numeric id (0 or more), got '" + value + "'");
        }
    }

    static URI server(String value) {
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

    private static String joined(Map<String, List<String>> lists, String name) {
        return String.join(",", lists.getOrDefault(name, List.of()));
    }
}
