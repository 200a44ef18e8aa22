package io.meshgate.kernel.dns;

import io.meshgate.kernel.upstream.HostResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A DNS listener's hosts file ({@link io.meshgate.config.DnsListener#hostsFile()}, {@code /etc/hosts}
 * format, parsed as the kernel's own hosts table is: {@link HostResolver#parse}): names that are not
 * records are answered from it before they are forwarded, A from its IPv4 lines and AAAA from its
 * IPv6 lines. It is re-read when its modification time changes, looked at no more than once per
 * {@value #CHECK_INTERVAL_MILLIS} ms, on the DNS socket's event loop (a stat, and a read of a small
 * file when it changed). A file that cannot be read or parsed is said once as a warning (again only
 * after it was readable in between); its names are then forwarded as if it did not exist.
 */
final class DnsHostsFile {
    private static final System.Logger LOG = System.getLogger(DnsHostsFile.class.getName());
    static final long CHECK_INTERVAL_MILLIS = 1000;

    /** The addresses of one name by family, as the wire wants them. */
    record Addresses(List<byte[]> ipv4, List<byte[]> ipv6) {}

    private final Path path;
    private final LongSupplier nanoClock;
    private HostResolver table;
    private FileTime readVersion;
    private long lastCheckNanos;
    private boolean checkedOnce;
    private boolean warned;

    DnsHostsFile(Path path) {
        this(path, System::nanoTime);
    }

    DnsHostsFile(Path path, LongSupplier nanoClock) {
        this.path = path;
        this.nanoClock = nanoClock;
    }

    /** The addresses of {@code name} (lower case, no trailing dot), or null when the file has no line for it. */
    synchronized Addresses lookup(String name) {
        refreshIfDue();
        if (table == null || name == null) {
            return null;
        }
        List<InetAddress> pinned = table.pinned(name);
        if (pinned == null) {
            return null;
        }
        List<byte[]> ipv4 = new ArrayList<>(pinned.size());
        List<byte[]> ipv6 = new ArrayList<>(pinned.size());
        for (InetAddress address : pinned) {
            (address instanceof Inet4Address ? ipv4 : ipv6).add(address.getAddress());
        }
        return new Addresses(ipv4, ipv6);
    }

    private void refreshIfDue() {
        long now = nanoClock.getAsLong();
        if (checkedOnce && now - lastCheckNanos < CHECK_INTERVAL_MILLIS * 1_000_000L) {
            return;
        }
        checkedOnce = true;
        lastCheckNanos = now;
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            if (modified.equals(readVersion) && table != null) {
                return;
            }
            table = HostResolver.parse(Files.readString(path), path.toString());
            readVersion = modified;
            warned = false;
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            table = null;
            readVersion = null;
            if (!warned) {
                warned = true;
                LOG.log(System.Logger.Level.WARNING, () -> "DNS hosts file " + path + " is not usable (" + e.getMessage()
                        + "); its names are forwarded to the upstream resolvers until it is");
            }
        }
    }
}
