package io.meshgate.kernel.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mesh listeners behind real iptables redirects, in network namespaces this test makes: a "pod"
 * namespace runs the kernel ({@link MeshNetnsMain}, in a child JVM started with
 * {@code ip netns exec}) as the proxy group, with {@code nat OUTPUT} rules that send the pod's
 * connections to two Service addresses (which belong to a second namespace behind a veth pair)
 * to the {@code outbound} listener and connections to one port of the pod's own address to the
 * {@code egress} listener; the proxy group's own connections are left alone, as sidecar-init does.
 * Clients are curl and bash in the pod namespace. Checked: the original destination picks the rule
 * (two Services on one port reach two backends, HTTP and TCP on one address), an unmatched
 * destination gets an empty reply (curl exit 52), a connection to the listener itself is refused,
 * and a passthrough connection reaches exactly its original address and port.
 *
 * <p>Needs root, {@code ip}, {@code iptables}, {@code setpriv}, {@code curl} and {@code bash}; skipped
 * otherwise. Nothing leaves the namespaces (no default route; the second namespace only owns the
 * Service addresses, so a missed redirect fails at once); both are deleted at the end.
 */
class MeshListenerNetnsTest {
    /** The proxy's group: its connections are not redirected (sidecar-init's --proxy-gid). */
    private static final String PROXY_GID = "1500";
    private static final long STEP_TIMEOUT_SECONDS = 10;
    private static final Pattern READY = Pattern.compile("READY outbound=(\\d+) egress=(\\d+) elsewhere=(\\d+)");

    private record Result(int exit, String out, String err) {}

    /** Both native transports read the original destination through their own socket option code. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"io_uring", "epoll"})
    void redirectedConnectionsAreServedByTheirOriginalDestination(String transport) throws Exception {
        assumeTrue(run(List.of("id", "-u"), 5).out().strip().equals("0"), "needs root (network namespaces, iptables)");
        for (String tool : List.of("ip", "iptables", "setpriv", "curl", "bash")) {
            assumeTrue(onPath(tool), "needs " + tool + " on the PATH");
        }
        String id = HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(3));
        int net = Integer.parseInt(id.substring(0, 2), 16); // 10.250.<net>.0/24: only inside our namespaces
        String pod = "mgk-" + id + "-pod";
        String svc = "mgk-" + id + "-svc";
        String podIp = "10.250." + net + ".1";
        String service1 = "10.250." + net + ".2";
        String service2 = "10.250." + net + ".3";
        List<String> made = new ArrayList<>();
        Process child = null;
        List<String> childOutput = new CopyOnWriteArrayList<>();
        try {
            Result add = run(List.of("ip", "netns", "add", pod), 5);
            assumeTrue(add.exit() == 0, "cannot make network namespaces here: " + add.err());
            made.add(pod);
            must(List.of("ip", "netns", "add", svc));
            made.add(svc);
            must(List.of("ip", "link", "add", "mgk" + id + "p", "netns", pod, "type", "veth",
                    "peer", "name", "mgk" + id + "s", "netns", svc));
            must(List.of("ip", "-n", pod, "addr", "add", podIp + "/24", "dev", "mgk" + id + "p"));
            must(List.of("ip", "-n", svc, "addr", "add", service1 + "/24", "dev", "mgk" + id + "s"));
            must(List.of("ip", "-n", svc, "addr", "add", service2 + "/24", "dev", "mgk" + id + "s"));
            for (String ns : List.of(pod, svc)) {
                must(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
            }
            must(List.of("ip", "-n", pod, "link", "set", "mgk" + id + "p", "up"));
            must(List.of("ip", "-n", svc, "link", "set", "mgk" + id + "s", "up"));

            child = startKernel(transport, pod, podIp, service1, service2, childOutput);
            Matcher ready = awaitReady(child, childOutput);
            String expected = transport.equals("io_uring") && !IoUring.isAvailable() ? "epoll" : transport;
            assertThat(childOutput).anySatisfy(line -> assertThat(line).contains("transport=" + expected));
            String outbound = ready.group(1);
            String egress = ready.group(2);
            String elsewhere = ready.group(3);

            List<String> nat = List.of("ip", "netns", "exec", pod, "iptables", "-w", "-t", "nat", "-A", "OUTPUT");
            must(concat(nat, "-m", "owner", "--gid-owner", PROXY_GID, "-j", "RETURN"));
            for (String service : List.of(service1, service2)) {
                must(concat(nat, "-p", "tcp", "-d", service + "/32", "-j", "REDIRECT", "--to-ports", outbound));
            }
            must(concat(nat, "-p", "tcp", "-d", podIp + "/32", "--dport", elsewhere, "-j", "REDIRECT", "--to-ports", egress));

            // HTTP: the same port on two Service addresses reaches two rules, two backends
            assertThat(curl(pod, "http://" + service1 + "/hello").out()).isEqualTo("b1 /hello");
            assertThat(curl(pod, "http://" + service2 + "/hello").out()).isEqualTo("b2 /hello");

            // TCP on the first Service's other port: relayed to the TCP backend, both ways
            assertThat(tcpTalk(pod, service1, "5432")).isEqualTo("tcp-backend|echo:ping");

            // no rule for that port: closed without an answer, as FSM does
            Result unmatched = curl(pod, "http://" + service1 + ":81/");
            assertThat(unmatched.exit()).as("curl: empty reply from server; " + unmatched.err()).isEqualTo(52);

            // not redirected: a client that connects to the listener itself is refused too
            Result direct = curl(pod, "http://127.0.0.1:" + outbound + "/");
            assertThat(direct.exit()).as("curl: empty reply from server; " + direct.err()).isEqualTo(52);

            // passthrough: relayed to exactly the address and port the client asked for
            assertThat(tcpTalk(pod, podIp, elsewhere)).isEqualTo("elsewhere " + podIp + ":" + elsewhere + "|echo:ping");

            assertThat(childOutput).anySatisfy(line -> assertThat(line)
                    .contains("\"listener\":\"outbound\"").contains("no destination rule for " + service1 + ":81"));
            assertThat(childOutput).anySatisfy(line -> assertThat(line)
                    .contains("\"listener\":\"outbound/svc-1-http\"").contains("\"path\":\"/hello\""));
        } finally {
            if (child != null) {
                child.getOutputStream().close(); // the child's signal to shut down
                if (!child.waitFor(5, TimeUnit.SECONDS)) {
                    child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            for (String ns : made) {
                run(List.of("ip", "netns", "del", ns), 10);
            }
        }
    }

    private static Process startKernel(String transport, String pod, String podIp, String service1, String service2, List<String> output)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", pod,
                "setpriv", "--regid=" + PROXY_GID, "--clear-groups",
                java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dmeshgate.transport=" + transport));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MeshNetnsMain.class.getName(),
                podIp, service1, service2));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        });
        return child;
    }

    private static Matcher awaitReady(Process child, List<String> output) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            for (String line : output) {
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            if (!child.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the kernel in the namespace did not start; its output:\n" + String.join("\n", output));
    }

    private static Result curl(String ns, String url) throws Exception {
        return run(List.of("ip", "netns", "exec", ns, "curl", "-sS", "--max-time", "5", url), STEP_TIMEOUT_SECONDS);
    }

    /** Reads the server's greeting, says "ping", reads the answer: "greeting|answer". */
    private static String tcpTalk(String ns, String address, String port) throws Exception {
        String script = "exec 3<>/dev/tcp/" + address + "/" + port
                + " && IFS= read -r -t 5 g <&3 && printf 'ping\\n' >&3 && IFS= read -r -t 5 a <&3 && echo \"$g|$a\"";
        Result r = run(List.of("ip", "netns", "exec", ns, "bash", "-c", script), STEP_TIMEOUT_SECONDS);
        assertThat(r.exit()).as("bash /dev/tcp to " + address + ":" + port + ": " + r.err()).isZero();
        return r.out().strip();
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static void must(List<String> cmd) throws Exception {
        Result r = run(cmd, STEP_TIMEOUT_SECONDS);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed (" + r.exit() + "): " + r.err());
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static Result run(List<String> cmd, long timeoutSeconds) throws Exception {
        Path out = Files.createTempFile("mgk-out", ".txt");
        Path err = Files.createTempFile("mgk-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
