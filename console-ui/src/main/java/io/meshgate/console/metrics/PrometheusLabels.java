package io.meshgate.console.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** The label set of one Prometheus text-format sample: {@code a="x",b="y \"quoted\""}. */
final class PrometheusLabels {
    private PrometheusLabels() {}

    /** The labels between the braces (without them); malformed trailing input is ignored. */
    static Map<String, String> parse(String inside) {
        Map<String, String> labels = new LinkedHashMap<>();
        int i = 0;
        int n = inside.length();
        while (i < n) {
            int eq = inside.indexOf('=', i);
            if (eq < 0 || eq + 1 >= n || inside.charAt(eq + 1) != '"') {
                break;
            }
            String name = inside.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < n && inside.charAt(j) != '"'; j++) {
                char c = inside.charAt(j);
                if (c == '\\' && j + 1 < n) {
                    char e = inside.charAt(++j);
                    value.append(e == 'n' ? '\n' : e);
                } else {
                    value.append(c);
                }
            }
            labels.put(name, value.toString());
            i = j + 1;
            while (i < n && (inside.charAt(i) == ',' || inside.charAt(i) == ' ')) {
                i++;
            }
        }
        return labels;
    }
}
