package io.meshgate.api.traffic;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-cluster request counters of a proxy's {@code /stats} page: the Envoy-named lines
 * {@code cluster.<name>.upstream_rq_total: N} the kernel prints (every request a cluster was chosen
 * for, whatever its outcome). Counters are cumulative since the proxy process started. Other lines,
 * and lines whose value is not a number, are skipped: the page is a proxy's, read as untrusted text.
 */
public final class RequestCounters {
    private static final String PREFIX = "cluster.";
    private static final String SUFFIX = ".upstream_rq_total:";

    private RequestCounters() {}

    /** Cluster name to its request counter, in page order. */
    public static Map<String, Long> parse(String statsPage) {
        Map<String, Long> counters = new LinkedHashMap<>();
        if (statsPage == null) {
            return counters;
        }
        for (String line : statsPage.split("\n")) {
            if (!line.startsWith(PREFIX)) {
                continue;
            }
            // cluster names may hold '.', never ".upstream_rq_total:", so the last one ends the name
            int end = line.lastIndexOf(SUFFIX);
            if (end <= PREFIX.length()) {
                continue;
            }
            String value = line.substring(end + SUFFIX.length()).strip();
            try {
                // the kernel prints whole numbers; a fraction would be a foreign page
                long count = Long.parseLong(value);
                if (count >= 0) {
                    counters.put(line.substring(PREFIX.length(), end), count);
                }
            } catch (NumberFormatException e) {
                // not a counter line
            }
        }
        return counters;
    }
}
