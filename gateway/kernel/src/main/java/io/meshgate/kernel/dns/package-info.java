/**
 * The sidecar's local DNS server over UDP ({@link io.meshgate.config.DnsListener}, FSM's DNS proxy on
 * {@code 127.0.0.153}): names of the listener's records are answered from the compiled
 * {@link io.meshgate.kernel.dns.DnsZone}, then names of the listener's hosts file (egress destinations
 * where no upstream resolver knows them; {@link io.meshgate.kernel.dns.DnsHostsFile}), every other name
 * is forwarded to the listener's upstream
 * resolvers by {@link io.meshgate.kernel.dns.UdpDnsForwarder}. The wire format is the small subset a stub
 * resolver sends (one question, RFC 1035 section 4), read and written here by hand so that the 512-byte
 * limit, the truncation bit and the verbatim echo of the question stay under this package's control.
 * It knows nothing of HTTP, TLS, clusters or the runtime snapshot: the caller supplies the current zone
 * (the hosts file is parsed by {@code upstream.HostResolver}, the kernel's one hosts-format reader).
 */
package io.meshgate.kernel.dns;
