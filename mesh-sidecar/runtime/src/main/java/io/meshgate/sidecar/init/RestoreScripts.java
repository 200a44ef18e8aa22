package io.meshgate.sidecar.init;

import java.util.List;
import java.util.Optional;

/**
 * The {@code iptables-restore --noflush} input of an install and of a removal. Each is one
 * transaction on the {@code nat} table: iptables-restore commits all of it or none of it.
 *
 * <p>An install declares the four chains (under {@code --noflush} a declared chain that exists is
 * emptied, one that does not is created), deletes the jump rules a previous run left in the
 * built-in chains, then adds the rules: running it twice leaves one copy. A removal deletes those
 * jump rules, then empties and deletes the chains; other rules of the table are never touched.
 */
public final class RestoreScripts {
    private RestoreScripts() {}

    /** Installs {@code interception} over whatever of ours {@code current} holds. */
    public static String install(Interception interception, NatTableState current) {
        StringBuilder script = new StringBuilder("# Meshgate sidecar interception rules (FSM's fsm-init rules)\n*nat\n");
        for (String chain : InterceptionRules.CHAINS) {
            script.append(':').append(chain).append(" - [0:0]\n");
        }
        appendDeletions(script, current.rulesElsewhere());
        for (String rule : InterceptionRules.rules(interception)) {
            script.append(rule).append('\n');
        }
        return script.append("COMMIT\n").toString();
    }

    /** Removes what of ours {@code current} holds; empty when there is nothing to remove. */
    public static Optional<String> remove(NatTableState current) {
        if (current.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder script = new StringBuilder("# Meshgate sidecar interception rules: removal\n*nat\n");
        appendDeletions(script, current.rulesElsewhere());
        // empty every chain before deleting any: the outbound chain jumps to the inbound redirect
        for (String chain : current.chains()) {
            script.append("-F ").append(chain).append('\n');
        }
        for (String chain : current.chains()) {
            script.append("-X ").append(chain).append('\n');
        }
        return Optional.of(script.append("COMMIT\n").toString());
    }

    private static void appendDeletions(StringBuilder script, List<String> rules) {
        for (String rule : rules) {
            script.append("-D ").append(rule.substring("-A ".length())).append('\n');
        }
    }
}
