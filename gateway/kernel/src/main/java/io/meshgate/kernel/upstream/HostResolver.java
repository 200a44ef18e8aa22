package io.meshgate.kernel.upstream;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the kernel resolves upstream host names (global-passthrough targets, host-name endpoints):
 * a static table in {@code /etc/hosts} format first, then the JDK resolver (DNS). The table lets an
 * operator pin names without touching the machine's resolver, for example an allow-listed SNI name
 * that must reach a server on another address than public DNS says.
 *
 * <p>Format: one {@code ADDRESS NAME [ALIAS...]} entry per line, {@code #} starts a comment, names
 * are case-insensitive; a name on several lines gets all their addresses, in file order. The table is
 * read once, when the kernel starts. Resolution blocks (DNS): call it off the event loops.
 */
public final class HostResolver {
    /** No table: the JDK resolver only. */
    public static final HostResolver SYSTEM = new HostResolver(Map.of());

    private final Map<String, List<InetAddress>> table;

    private HostResolver(Map<String, List<InetAddress>> table) {
        this.table = Map.copyOf(table);
    }

    /**
     * Reads a hosts file; {@code null} gives {@link #SYSTEM}.
     *
     * @throws UncheckedIOException     when the file cannot be read
     * @throws IllegalArgumentException when a line is not {@code ADDRESS NAME...} (with the line number)
     */
    public static HostResolver load(Path file) {
        if (file == null) {
            return SYSTEM;
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read hosts file " + file, e);
        }
    }

    /** Parses hosts-file text; {@code source} names it in error messages. */
    public static HostResolver parse(String text, String source) {
        Map<String, List<InetAddress>> table = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String[] words = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (words.length == 1 && words[0].isEmpty()) {
                continue;
            }
            byte[] address = NetUtil.createByteArrayFromIpAddressString(words[0]);
            if (address == null || words.length < 2) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": expected 'ADDRESS NAME [ALIAS...]', got '"
                        + line.trim() + "'");
            }
            for (String name : Arrays.asList(words).subList(1, words.length)) {
                String key = normalize(name);
                try {
                    table.computeIfAbsent(key, k -> new ArrayList<>()).add(InetAddress.getByAddress(key, address));
                } catch (UnknownHostException impossible) {
                    throw new IllegalStateException(impossible); // only thrown for a bad address length
                }
            }
        }
        table.replaceAll((name, addresses) -> List.copyOf(addresses));
        return new HostResolver(table);
    }

    /** The addresses of {@code host}: an IP literal as is, a table entry, else DNS. Blocking. */
    public List<InetAddress> resolveAll(String host) throws UnknownHostException {
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
        if (literal != null) {
            return List.of(literal);
        }
        List<InetAddress> pinned = table.get(normalize(host));
        if (pinned != null) {
            return pinned;
        }
        return Arrays.asList(InetAddress.getAllByName(host));
    }

    /**
     * True when the table pins {@code host}: {@link #resolveAll} then answers from the table, the
     * operator's own choice of address (global passthrough relays to it whatever its range).
     */
    public boolean pins(String host) {
        return table.containsKey(normalize(host));
    }

    /** The first address of {@code host} ({@link #resolveAll}). */
    public InetAddress resolve(String host) throws UnknownHostException {
        return resolveAll(host).getFirst();
    }

    /**
     * The addresses the table gives {@code host} (any case, trailing dot allowed), in file order; null
     * when it has no line for it. Never a DNS lookup.
     */
    public List<InetAddress> pinned(String host) {
        return table.get(normalize(host));
    }

    /** Names the table pins (lower case), for diagnostics. */
    public java.util.Set<String> pinnedNames() {
        return table.keySet();
    }

    private static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
