package io.meshgate.resources;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the FSM demo manifests of src/test/resources/seed (format: seed/README.md). */
final class SeedFiles {
    static final List<String> SECTIONS = List.of("1-traffic-management", "2-integration", "3-ingress", "4-egress",
            "5-multi-cluster", "6-security", "7-observability", "8-plugins");

    private static final Pattern APPLY = Pattern.compile("^#@ apply line=(\\d+) namespace=(\\S+)((?: \\w+=\\S+)*)\\s+#\\s*(.*)$");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    /** One {@code kubectl apply} input of the demos. */
    record Apply(String file, int seedLine, String namespace, Map<String, String> vars, String note, String text) {

        /** The text as the shell hands it to kubectl: listed variables expanded, other '$' text kept. */
        String expanded() {
            Matcher m = VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                m.appendReplacement(out, Matcher.quoteReplacement(vars.getOrDefault(name, m.group())));
            }
            m.appendTail(out);
            return out.toString();
        }

        @Override
        public String toString() {
            return file + " (demo line " + seedLine + ": " + note + ")";
        }
    }

    private SeedFiles() {}

    static List<Apply> all() {
        List<Apply> all = new ArrayList<>();
        for (String section : SECTIONS) {
            all.addAll(applies(section + ".yaml"));
        }
        return all;
    }

    static List<Apply> applies(String file) {
        List<Apply> applies = new ArrayList<>();
        Matcher header = null;
        StringBuilder text = new StringBuilder();
        for (String line : read(file).split("\n", -1)) {
            Matcher m = APPLY.matcher(line);
            if (m.matches()) {
                if (header != null) {
                    applies.add(apply(file, header, text));
                }
                header = m;
                text.setLength(0);
            } else if (header != null) {
                text.append(line).append('\n');
            }
        }
        if (header != null) {
            applies.add(apply(file, header, text));
        }
        if (applies.isEmpty()) {
            throw new IllegalStateException(file + " has no '#@ apply' blocks");
        }
        return applies;
    }

    static String read(String path) {
        try (InputStream in = SeedFiles.class.getResourceAsStream("/seed/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource seed/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Apply apply(String file, Matcher header, StringBuilder text) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String pair : header.group(3).trim().split(" ")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                vars.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return new Apply(file, Integer.parseInt(header.group(1)), header.group(2), vars, header.group(4), text.toString());
    }
}
