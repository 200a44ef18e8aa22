package io.meshgate.sidecar.init;

import io.meshgate.proxy.logging.LogSetup;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;

/**
 * {@code meshgate sidecar-init}: what FSM's {@code fsm-init} container does before a pod's
 * containers start, for a workload on a Linux host or in a network namespace. It installs the
 * {@link InterceptionRules} in the {@code nat} table with one {@code iptables-restore --noflush}
 * transaction (replacing a previous install, so it can run again), or with {@code --remove} takes
 * them out again. Exit status: 0 done, 1 could not (not root, no iptables, refused), 2 bad arguments.
 */
public final class SidecarInit {
    private static final System.Logger LOG = System.getLogger(SidecarInit.class.getName());

    private SidecarInit() {}

    public static void main(String[] args) {
        LogSetup.install();
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        InitOptions options;
        try {
            options = InitOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("meshgate sidecar-init: " + e.getMessage());
            err.println(InitOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(InitOptions.USAGE);
            return 0;
        }
        try {
            Interception interception = withMeshConfig(options);
            if (options.dryRun()) {
                out.print(dryRunScript(options.remove(), interception));
                return 0;
            }
            int euid = Privileges.effectiveUid();
            if (euid != 0) {
                err.println("meshgate sidecar-init: must run as root (effective uid is " + (euid < 0 ? "unknown" : euid)
                        + "): iptables needs CAP_NET_ADMIN; run it with sudo or as the workload's init step"
                        + " (--dry-run prints the rules without root)");
                return 1;
            }
            out.println(apply(Iptables.locate(List.of()), options.remove(), interception));
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            err.println("meshgate sidecar-init: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("meshgate sidecar-init: interrupted");
            return 1;
        }
    }

    /** The flags' lists, with the MeshConfig's merged in when {@code --server} was given. */
    static Interception withMeshConfig(InitOptions options) throws IOException, InterruptedException {
        if (options.server() == null || options.remove()) {
            return options.interception();
        }
        MeshTrafficLists mesh = new MeshConfigClient(options.server(), options.token(), options.caFile()).fetch();
        LOG.log(Level.INFO, "MeshConfig lists: " + mesh);
        return options.interception().withMeshDefaults(mesh);
    }

    /** The script a run would feed to iptables-restore in a namespace without our rules (install) or with them (remove). */
    static String dryRunScript(boolean remove, Interception interception) {
        if (remove) {
            return RestoreScripts.remove(NatTableState.afterInstall(InterceptionRules.rules(interception))).orElseThrow();
        }
        return RestoreScripts.install(interception, NatTableState.empty());
    }

    /**
     * Installs or removes the rules where {@code iptables} runs; returns a one-line summary.
     * Reads the table first so a reinstall replaces the previous jump rules and a removal deletes
     * exactly what is there.
     */
    static String apply(Iptables iptables, boolean remove, Interception interception) throws IOException, InterruptedException {
        NatTableState current = NatTableState.parse(iptables.saveNat());
        if (remove) {
            Optional<String> script = RestoreScripts.remove(current);
            if (script.isEmpty()) {
                return "meshgate sidecar-init: no sidecar interception rules to remove";
            }
            iptables.restore(script.get());
            return "meshgate sidecar-init: removed chains " + String.join(", ", current.chains()) + " and "
                    + current.rulesElsewhere().size() + " rule(s) of PREROUTING/OUTPUT";
        }
        iptables.restore(RestoreScripts.install(interception, current));
        return "meshgate sidecar-init: " + (current.isEmpty() ? "installed" : "reinstalled")
                + " interception (outbound tcp -> " + InterceptionRules.OUTBOUND_PORT + ", inbound tcp -> "
                + InterceptionRules.INBOUND_PORT + ", dns " + InterceptionRules.DNS_ADDRESS + ":53 -> "
                + InterceptionRules.DNS_PORT + "; proxy uid " + interception.proxyUid()
                + (interception.proxyGid() == null ? "" : ", gid " + interception.proxyGid()) + ")";
    }
}
