package io.meshgate.sidecar.init;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What of sidecar-init's rules a network namespace holds, read from {@code iptables-save -t nat}: its
 * chains that exist, and its rules in other chains (the jumps from {@code PREROUTING} and
 * {@code OUTPUT} and the DNS rule), as {@code iptables-save} prints them, so they can be deleted by
 * exactly that text. Nothing else is touched: rules of other tools in the same chains stay.
 *
 * @param chains         sidecar-init's chains present, in {@link InterceptionRules#CHAINS} order
 * @param rulesElsewhere {@code -A CHAIN ...} lines of ours in chains that are not ours
 */
public record NatTableState(List<String> chains, List<String> rulesElsewhere) {

    public NatTableState {
        chains = List.copyOf(chains);
        rulesElsewhere = List.copyOf(rulesElsewhere);
    }

    /** A namespace without any of our rules. */
    public static NatTableState empty() {
        return new NatTableState(List.of(), List.of());
    }

    public boolean isEmpty() {
        return chains.isEmpty() && rulesElsewhere.isEmpty();
    }

    /** The state a fresh install of {@code rules} leaves (for a dry run of {@code --remove}). */
    public static NatTableState afterInstall(List<String> rules) {
        List<String> elsewhere = new ArrayList<>();
        for (String rule : rules) {
            String[] words = rule.split(" ");
            if (words[0].equals("-A") && !InterceptionRules.CHAINS.contains(words[1])) {
                elsewhere.add(rule);
            }
        }
        return new NatTableState(InterceptionRules.CHAINS, elsewhere);
    }

    /** Reads the {@code nat} table of {@code iptables-save} output; other tables are skipped. */
    public static NatTableState parse(String iptablesSave) {
        Set<String> present = new LinkedHashSet<>();
        List<String> elsewhere = new ArrayList<>();
        boolean inNat = false;
        for (String raw : iptablesSave.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("*")) {
                inNat = line.equals("*nat");
            } else if (line.equals("COMMIT")) {
                inNat = false;
            } else if (inNat && line.startsWith(":")) {
                String chain = line.substring(1).split("\\s+")[0];
                if (InterceptionRules.CHAINS.contains(chain)) {
                    present.add(chain);
                }
            } else if (inNat && line.startsWith("-A ")) {
                String[] words = line.split("\\s+");
                if (words.length > 1 && !InterceptionRules.CHAINS.contains(words[1]) && isOurs(words)) {
                    elsewhere.add(line);
                }
            }
        }
        List<String> chains = InterceptionRules.CHAINS.stream().filter(present::contains).toList();
        return new NatTableState(chains, elsewhere);
    }

    /** A jump (or goto) to one of our chains, or the DNS redirect to the sidecar's DNS port. */
    private static boolean isOurs(String[] words) {
        for (int i = 0; i + 1 < words.length; i++) {
            if ((words[i].equals("-j") || words[i].equals("-g")) && InterceptionRules.CHAINS.contains(words[i + 1])) {
                return true;
            }
        }
        String line = String.join(" ", words);
        return words[1].equals("OUTPUT") && line.contains("-p udp") && line.contains("--dport 53 ")
                && line.contains("-j DNAT --to-destination " + InterceptionRules.DNS_ADDRESS + ":" + InterceptionRules.DNS_PORT);
    }
}
