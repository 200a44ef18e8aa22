package io.meshgate.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything Meshgate knows about one kind: its name, API group(s) and versions, the apiVersion it
 * prefers, the lowercase plural used in REST paths, whether it lives in a namespace, the rule for
 * its names, and its validator.
 *
 * @param kind                e.g. {@code Ingress}
 * @param groups              API groups, first the preferred; {@code ""} is the core group ({@code v1})
 * @param versions            accepted versions in every group
 * @param preferredApiVersion apiVersion written by Meshgate itself, e.g. {@code networking.k8s.io/v1}
 * @param plural              lowercase plural for REST paths, e.g. {@code ingresses}
 * @param namespaced          false for cluster-scoped kinds (Namespace, IngressClass, Plugin, Cluster)
 * @param nameRule            how {@code metadata.name} is checked
 * @param validator           checks the kind-specific fields
 */
public record KindInfo(String kind, List<String> groups, List<String> versions, String preferredApiVersion,
                       String plural, boolean namespaced, NameRule nameRule, Validator validator) {

    public KindInfo {
        Objects.requireNonNull(kind, "kind");
        groups = List.copyOf(groups);
        versions = List.copyOf(versions);
        Objects.requireNonNull(preferredApiVersion, "preferredApiVersion");
        Objects.requireNonNull(plural, "plural");
        Objects.requireNonNull(nameRule, "nameRule");
        Objects.requireNonNull(validator, "validator");
        if (groups.isEmpty() || versions.isEmpty()) {
            throw new IllegalArgumentException(kind + " needs at least one group and one version");
        }
        if (!apiVersionsOf(groups, versions).contains(preferredApiVersion)) {
            throw new IllegalArgumentException(kind + ": preferred apiVersion " + preferredApiVersion + " is not accepted");
        }
    }

    /** The preferred API group ({@code ""} for the core group). */
    public String group() {
        int slash = preferredApiVersion.indexOf('/');
        return slash < 0 ? "" : preferredApiVersion.substring(0, slash);
    }

    /** Every accepted apiVersion, preferred first: {@code group/version}, or just {@code version} for the core group. */
    public List<String> apiVersions() {
        List<String> all = new ArrayList<>();
        all.add(preferredApiVersion);
        for (String apiVersion : apiVersionsOf(groups, versions)) {
            if (!all.contains(apiVersion)) {
                all.add(apiVersion);
            }
        }
        return List.copyOf(all);
    }

    public boolean accepts(String apiVersion) {
        return apiVersionsOf(groups, versions).contains(apiVersion);
    }

    private static List<String> apiVersionsOf(List<String> groups, List<String> versions) {
        List<String> all = new ArrayList<>();
        for (String group : groups) {
            for (String version : versions) {
                all.add(group.isEmpty() ? version : group + "/" + version);
            }
        }
        return all;
    }
}
