package io.meshgate.config.json;

import io.meshgate.config.Cluster;
import io.meshgate.config.FilterConfig;
import io.meshgate.config.Listener;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Route;
import io.meshgate.config.VirtualHost;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the codec of {@link ProxyConfig} once, walking the records' component types: each type gets one
 * {@link ValueCodec}, shared wherever it appears. A type the config records start to use that has no codec
 * here fails at class initialisation (and so in this module's tests), not on a proxy at run time.
 */
final class ConfigCodecs {
    /** The whole config; immutable, shared by every read and write. */
    static final ValueCodec PROXY_CONFIG = new ConfigCodecs().forType(ProxyConfig.class);

    private final Map<Type, ValueCodec> built = new HashMap<>();
    private final Set<Type> building = new HashSet<>();

    private ConfigCodecs() {}

    private ValueCodec forType(Type type) {
        ValueCodec codec = built.get(type);
        if (codec == null) {
            if (!building.add(type)) {
                throw new IllegalStateException("the config records refer to themselves through " + type
                        + ": a JSON codec for a cycle is not supported");
            }
            codec = create(type);
            building.remove(type);
            built.put(type, codec);
        }
        return codec;
    }

    private ValueCodec create(Type type) {
        if (type instanceof ParameterizedType generic) {
            Type raw = generic.getRawType();
            Type[] arguments = generic.getActualTypeArguments();
            if (raw == List.class || raw == Set.class) {
                return new CollectionCodec(forType(arguments[0]), raw == Set.class);
            }
            if (raw == Map.class && arguments[0] == String.class) {
                return new StringMapCodec(forType(arguments[1]));
            }
            throw unsupported(type);
        }
        if (!(type instanceof Class<?> c)) {
            throw unsupported(type);
        }
        if (c == String.class) {
            return StringCodec.INSTANCE;
        }
        if (c == int.class || c == Integer.class) {
            return new NumberCodec(NumberCodec.Kind.INT, c.isPrimitive());
        }
        if (c == long.class || c == Long.class) {
            return new NumberCodec(NumberCodec.Kind.LONG, c.isPrimitive());
        }
        if (c == double.class || c == Double.class) {
            return new NumberCodec(NumberCodec.Kind.DOUBLE, c.isPrimitive());
        }
        if (c == boolean.class || c == Boolean.class) {
            return new BooleanCodec(c.isPrimitive());
        }
        if (c == Duration.class) {
            return DurationCodec.INSTANCE;
        }
        if (c == PrivateKeyPem.class) {
            return PrivateKeyCodec.INSTANCE;
        }
        if (c.isEnum()) {
            return new EnumCodec(c);
        }
        if (c == Listener.class) {
            for (Class<?> permitted : Listener.class.getPermittedSubclasses()) {
                if (!ListenerTypes.BY_TYPE.containsValue(permitted)) {
                    throw new IllegalStateException(permitted.getName() + " has no JSON type name in ListenerTypes");
                }
            }
            return new TypedCodec(Listener.class, ListenerTypes.BY_TYPE, "ListenerTypes", value -> null, this::forType);
        }
        if (c == FilterConfig.class) {
            return new TypedCodec(FilterConfig.class, FilterConfigTypes.BY_TYPE, "FilterConfigTypes",
                    value -> ((FilterConfig) value).type(), this::forType);
        }
        if (c.isRecord()) {
            RecordCodec record = new RecordCodec(c, this::forType);
            if (c == VirtualHost.class || c == Cluster.class) {
                return new FragmentCodec(record, true);
            }
            return c == Route.class ? new FragmentCodec(record, false) : record;
        }
        throw unsupported(type);
    }

    private static IllegalStateException unsupported(Type type) {
        return new IllegalStateException("no JSON codec for " + type.getTypeName() + " (see ConfigCodecs)");
    }

    /** {@code Cluster$LbPolicy}: a config type's name without its package, for error messages. */
    static String simpleName(Class<?> type) {
        String name = type.getName();
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
