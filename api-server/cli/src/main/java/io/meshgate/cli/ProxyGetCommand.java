package io.meshgate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code proxy get QUERY POD -n NS}: FSM's {@code fsm proxy get}, a page of the admin listener of the
 * sidecar of Pod {@code POD} (proxy {@code sidecar.<ns>.<pod>}), printed as the listener prints it.
 * The control plane fetches it from the sidecar ({@code GET /api/v1/proxies/{name}/admin/{page}}):
 * no port-forward, and only read-only pages.
 */
@Command(name = "get", description = "Print a page of a sidecar's admin listener, as the sidecar prints it"
        + " (FSM's fsm proxy get). The control plane reads it from the sidecar's pod IP.")
final class ProxyGetCommand extends ApiCommand {
    static final List<String> PAGES = List.of("stats", "config_dump", "clusters", "listeners", "certs", "ready");

    @Parameters(index = "0", paramLabel = "QUERY", description = "stats, config_dump, clusters, listeners, certs or ready")
    String query;

    @Parameters(index = "1", arity = "0..1", paramLabel = "POD", description = "the Pod whose sidecar to ask (in -n NS)")
    String pod;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path file;

    @Option(names = "--proxy", paramLabel = "NAME",
            description = "ask this proxy instead of a Pod's sidecar (e.g. ingress-gateway)")
    String proxy;

    @Override
    void run() {
        if (!PAGES.contains(query)) {
            throw usage("unknown query '" + query + "': one of " + String.join(", ", PAGES));
        }
        boolean named = proxy != null && !proxy.isBlank();
        if (named == (pod != null)) {
            throw usage(named ? "give either POD or --proxy, not both" : "which Pod? meshgate proxy get " + query + " POD -n NS");
        }
        String name = named ? proxy : "sidecar." + namespace() + "." + pod;
        String body = api().getText("/api/v1/proxies/" + ApiClient.segment(name) + "/admin/" + query);
        if (file != null) {
            Path target = file.isAbsolute() ? file : ctx().workDir().resolve(file);
            try {
                Files.writeString(target, body, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliException("cannot write " + target + ": " + e.getMessage(), e);
            }
            return;
        }
        out().print(body);
        if (!body.isEmpty() && !body.endsWith("\n")) {
            out().println();
        }
        out().flush();
    }
}
