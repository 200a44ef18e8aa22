package io.meshgate.config;

import java.util.List;
import java.util.Locale;

/**
 * A name the local DNS server answers itself: lower case, without the trailing dot
 * ({@code httpbin.httpbin.svc.cluster.local}), and its IPv4 addresses.
 */
public record DnsRecord(String name, List<String> addresses) {
    public DnsRecord {
        Checks.name(name, "dnsRecord.name");
        name = name.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        addresses = Checks.list(addresses);
    }
}
