package io.meshgate.sidecar.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * sidecar-init against a real nat table: in a network namespace this test makes (and deletes, even
 * on failure), install, install again, remove, through the same iptables commands the command uses.
 * Needs root and the iptables package; skipped with the reason otherwise.
 */
class SidecarInitNetnsTest {
    private static final String DNS_RULE = "-A OUTPUT -d 127.0.0.153/32 -p udp -m udp --dport 53 -j DNAT --to-destination 127.0.0.153:5300";
    /** Another tool's rule in the same built-in chain: sidecar-init must leave it alone. */
    private static final String FOREIGN_RULE = "-A OUTPUT -d 10.0.0.53/32 -p udp -m udp --dport 53 -j DNAT --to-destination 10.0.0.54:53";

    @Test
    void installsOnceReinstallsWithoutDuplicatesAndRemovesOnlyItsOwnRules() throws Exception {
        assumeTrue(Privileges.effectiveUid() == 0, "sidecar-init's namespace test needs root (ip netns, iptables); run the build as root");
        Path ip = Stream.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElse(null);
        assumeTrue(ip != null, "sidecar-init's namespace test needs the ip command (apt-get install iproute2)");
        String ns = "mgi-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        List<String> inNs = List.of(ip.toString(), "netns", "exec", ns);
        Iptables iptables;
        try {
            iptables = Iptables.locate(inNs);
        } catch (IllegalStateException e) {
            assumeTrue(false, "sidecar-init's namespace test needs iptables: " + e.getMessage());
            return;
        }
        run(ip.toString(), "netns", "add", ns);
        try {
            run(concat(inNs, "iptables", "-t", "nat", FOREIGN_RULE.split(" ")));
            Interception in = new Interception(1500, 1500, List.of("10.0.0.0/8"), List.of(), List.of(5432), List.of(22, 8081));

            assertThat(SidecarInit.apply(iptables, false, in)).contains("installed interception");
            List<String> first = rules(iptables.saveNat());
            assertThat(first).contains(
                    "-A PREROUTING -p tcp -j FSM_PROXY_INBOUND",
                    "-A OUTPUT -p tcp -j FSM_PROXY_OUTBOUND",
                    DNS_RULE, FOREIGN_RULE,
                    "-A FSM_PROXY_INBOUND -p tcp -m multiport --dports 22,8081 -j RETURN",
                    "-A FSM_PROXY_INBOUND -p tcp -j FSM_PROXY_IN_REDIRECT",
                    "-A FSM_PROXY_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15003",
                    "-A FSM_PROXY_OUTBOUND -m owner --gid-owner 1500 -j RETURN",
                    "-A FSM_PROXY_OUTBOUND -d 10.0.0.0/8 -j RETURN",
                    "-A FSM_PROXY_OUTBOUND -p tcp -m multiport --dports 5432 -j RETURN",
                    "-A FSM_PROXY_OUTBOUND -j FSM_PROXY_OUT_REDIRECT",
                    "-A FSM_PROXY_OUT_REDIRECT -p tcp -m tcp --dport 15000 -j ACCEPT",
                    "-A FSM_PROXY_OUT_REDIRECT -p tcp -j REDIRECT --to-ports 15001");
            // the inbound exclusion is inserted first, the admin accept precedes the redirect
            assertThat(chain(first, "FSM_PROXY_INBOUND").getFirst()).contains("--dports 22,8081");
            assertThat(chain(first, "FSM_PROXY_OUT_REDIRECT").getFirst()).contains("--dport 15000 -j ACCEPT");

            assertThat(SidecarInit.apply(iptables, false, in)).contains("reinstalled interception");
            List<String> second = rules(iptables.saveNat());
            assertThat(second).as("a second run leaves exactly one copy").isEqualTo(first);
            assertThat(second).doesNotHaveDuplicates();

            assertThat(SidecarInit.apply(iptables, true, in)).contains("removed chains FSM_PROXY_INBOUND");
            String afterRemove = iptables.saveNat();
            assertThat(afterRemove).doesNotContain("FSM_PROXY").doesNotContain("127.0.0.153");
            assertThat(rules(afterRemove)).containsExactly(FOREIGN_RULE);
            assertThat(SidecarInit.apply(iptables, true, in)).contains("no sidecar interception rules to remove");
        } finally {
            run(ip.toString(), "netns", "del", ns);
        }
    }

    /** The rule lines of iptables-save output (no comments, counters or chain declarations). */
    private static List<String> rules(String save) {
        return save.lines().filter(l -> l.startsWith("-A ")).toList();
    }

    private static List<String> chain(List<String> rules, String chain) {
        return rules.stream().filter(r -> r.startsWith("-A " + chain + " ")).toList();
    }

    private static String[] concat(List<String> prefix, String first, String second, String third, String[] rest) {
        List<String> all = new java.util.ArrayList<>(prefix);
        all.addAll(List.of(first, second, third));
        all.addAll(Arrays.asList(rest));
        return all.toArray(String[]::new);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 20 s");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
