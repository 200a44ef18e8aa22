package io.meshgate.api;

import io.meshgate.ca.CertificateAuthority;
import io.meshgate.ca.IssueRequest;
import io.meshgate.ca.CertificateUsage;
import io.meshgate.ca.ServerKeyMaterial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The admin API's TLS key and certificate: the operator's own ({@code --api-tls-cert/--api-tls-key}),
 * or a server certificate issued by the mesh CA at every start, for the names a client may dial.
 * An issued key lives in memory only; nothing serves it.
 */
final class ApiServerCertificate {
    /** Re-issued at every start, so a year only has to outlast the longest uptime. */
    static final Duration VALIDITY = Duration.ofDays(365);

    private ApiServerCertificate() {}

    static ServerKeyMaterial load(CertificateAuthority ca, String bind, ApiTlsOptions tls) {
        if (tls.certFile() != null) {
            return fromFiles(tls.certFile(), tls.keyFile());
        }
        return ServerKeyMaterial.of(ca.issue(new IssueRequest(List.copyOf(names(bind, tls.extraNames())), VALIDITY,
                Set.of(CertificateUsage.SERVER))));
    }

    /**
     * The bind address (or, for a wildcard bind, this host's name and addresses), the extra names,
     * and loopback: local clients (console, embedded proxy, CLI) dial 127.0.0.1 or localhost.
     */
    static Set<String> names(String bind, List<String> extraNames) {
        Set<String> names = new LinkedHashSet<>();
        String host = bind.startsWith("[") && bind.endsWith("]") ? bind.substring(1, bind.length() - 1) : bind;
        if (host.equals("0.0.0.0") || host.equals("::")) {
            names.addAll(localHostNames());
        } else {
            names.add(host);
        }
        names.addAll(extraNames);
        names.add("localhost");
        names.add("127.0.0.1");
        names.add("::1");
        return names;
    }

    private static Set<String> localHostNames() {
        Set<String> names = new LinkedHashSet<>();
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            // no resolvable host name: the addresses below still cover clients dialing an IP
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (!address.isLinkLocalAddress()) {
                        names.add(address.getHostAddress().replaceFirst("%.*$", ""));
                    }
                }
            }
        } catch (SocketException e) {
            // no interface list: the host name and loopback remain
        }
        // a host name the CA would refuse (e.g. with '_') must not stop the API from starting
        return names.stream().filter(ApiServerCertificate::acceptable).limit(IssueRequest.MAX_SUBJECT_ALT_NAMES - 4)
                .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
    }

    private static boolean acceptable(String name) {
        try {
            new IssueRequest(List.of(name), VALIDITY, Set.of(CertificateUsage.SERVER));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ServerKeyMaterial fromFiles(Path cert, Path key) {
        try {
            return ServerKeyMaterial.fromPem(Files.readString(cert), Files.readString(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API's TLS certificate or key", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--api-tls-cert " + cert + " / --api-tls-key " + key + ": "
                    + e.getMessage(), e);
        }
    }
}
