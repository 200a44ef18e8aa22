package io.meshgate.sidecar.translator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.meshgate.config.AccessGrant;
import io.meshgate.config.Cluster;
import io.meshgate.config.DestinationRule;
import io.meshgate.config.DirectResponse;
import io.meshgate.config.EgressTunnel;
import io.meshgate.config.FilterConfig;
import io.meshgate.config.DnsListener;
import io.meshgate.config.HttpSettings;
import io.meshgate.config.Listener;
import io.meshgate.config.MeshListener;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.RouteMatch;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Renders a translation as the stable, readable JSON the golden files hold. */
final class GoldenFiles {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .addMixIn(Listener.class, ListenerType.class)
            .addMixIn(HttpSettings.class, UnsetLimitsLeftOut.class)
            .addMixIn(RouteMatch.class, SortedMethods.class)
            .addMixIn(AccessGrant.class, PrincipalRequiredOnlyWhenSet.class)
            .addMixIn(DestinationRule.class, ServerNamesOnlyWhenSet.class)
            .addMixIn(Cluster.class, EgressFieldsOnlyWhenSet.class)
            .addMixIn(DnsListener.class, HostsFileOnlyWhenSet.class)
            .addMixIn(MeshListener.class, UnmatchedClusterOnlyWhenSet.class)
            .addMixIn(FilterConfig.class, FilterType.class)
            .registerModule(new SimpleModule()
                    .addSerializer(Duration.class, new ToText<>())
                    // the key is shown by its redacted toString: golden files never hold key material
                    .addSerializer(PrivateKeyPem.class, new ToText<>()));

    private GoldenFiles() {}

    /** Names each listener's type, as the config codec does on the wire. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(value = MeshListener.class, name = "mesh"),
            @JsonSubTypes.Type(value = DnsListener.class, name = "dns")})
    private abstract static class ListenerType {}

    /** Listener limits the translator never sets are left out while unset (null = the kernel's default). */
    private abstract static class UnsetLimitsLeftOut {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract Integer maxConnections();

        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract Duration streamIdleTimeout();
    }

    /** A grant says it requires a principal only when it does (null = no), as the config codec writes it. */
    private abstract static class PrincipalRequiredOnlyWhenSet {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract Boolean certificateRequired();
    }

    /** Rules print {@code serverNames} only when they select by SNI (egress {@code https}), as the codec does. */
    private abstract static class ServerNamesOnlyWhenSet {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract List<String> serverNames();
    }

    /** Clusters print the egress fields only for original-destination clusters. */
    private abstract static class EgressFieldsOnlyWhenSet {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract Boolean originalDestination();

        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract EgressTunnel tunnel();

        // and an UpstreamTrafficSetting's circuit breaker and limits only for the clusters it applies to
        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract io.meshgate.config.CircuitBreaker circuitBreaker();

        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract io.meshgate.config.ConnectionLimits limits();
    }

    /** The DNS listener prints its hosts file only when it has one. */
    private abstract static class HostsFileOnlyWhenSet {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract String hostsFile();
    }

    /** The outbound listener prints its unmatched cluster only when passthrough goes through the egress gateway. */
    private abstract static class UnmatchedClusterOnlyWhenSet {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract String unmatchedCluster();
    }

    /** Names each route filter's type, as the config codec does. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(value = DirectResponse.class, name = "respond"),
        @JsonSubTypes.Type(value = io.meshgate.config.RetryPolicy.class, name = "retry")})
    private abstract static class FilterType {}

    /** A request match's methods are a set: printed in order, so the file is stable. */
    private abstract static class SortedMethods {
        @JsonSerialize(using = Sorted.class)
        abstract Set<String> methods();
    }

    static String config(SidecarTranslation translation) throws IOException {
        return JSON.writeValueAsString(translation.config()) + "\n";
    }

    static String statuses(SidecarTranslation translation) throws IOException {
        Map<String, List<Map<String, Object>>> out = new TreeMap<>();
        translation.statuses().forEach((key, conditions) -> out.put(key.toString(), conditions.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", c.type());
            m.put("status", c.status().wire());
            m.put("reason", c.reason());
            m.put("message", c.message());
            return m;
        }).toList()));
        return JSON.writeValueAsString(out) + "\n";
    }

    private static final class ToText<T> extends JsonSerializer<T> {
        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }

    private static final class Sorted extends JsonSerializer<Set<String>> {
        @Override
        public void serialize(Set<String> value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeStartArray();
            for (String s : new TreeSet<>(value)) {
                gen.writeString(s);
            }
            gen.writeEndArray();
        }
    }
}
