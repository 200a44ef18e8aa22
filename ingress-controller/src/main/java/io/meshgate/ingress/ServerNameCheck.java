package io.meshgate.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.schema.Formats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the host names of one Ingress the gateway could not use as server names (SNI). Apply-time
 * validation refuses them in {@code spec.tls.hosts}, but an Ingress stored before that rule, or read
 * from a Kubernetes cluster (whose rules are looser: numeric last labels, 64-character labels), can
 * still hold one, and the gateway refuses a whole config that names it. Rule hosts are checked too:
 * they become passthrough server names and upstream SNI names.
 */
final class ServerNameCheck {
    private ServerNameCheck() {}

    /** One message per unusable host, naming its field, e.g. {@code spec.tls[0].hosts[1]: '10.0.0.1' must ...}. */
    static List<String> problems(JsonNode spec) {
        List<String> problems = new ArrayList<>();
        int ruleIndex = 0;
        for (JsonNode rule : spec.path("rules")) {
            String host = rule.path("host").asText("");
            String field = "spec.rules[" + ruleIndex++ + "].host: ";
            if (!host.isEmpty()) {
                problem(host).ifPresent(p -> problems.add(field + p));
            }
        }
        int tlsIndex = 0;
        for (JsonNode tls : spec.path("tls")) {
            int hostIndex = 0;
            for (JsonNode host : tls.path("hosts")) {
                String field = "spec.tls[" + tlsIndex + "].hosts[" + hostIndex++ + "]: ";
                problem(host.asText("")).ifPresent(p -> problems.add(field + p));
            }
            tlsIndex++;
        }
        return problems;
    }

    private static Optional<String> problem(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return Formats.SERVER_NAME.problem(lower).map(p -> "'" + host + "' " + p);
    }
}
