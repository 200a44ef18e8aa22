package io.meshgate.config.json;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import io.meshgate.config.FilterConfig;
import java.util.TreeSet;

/**
 * Maps a filter record to its {@code "type"} JSON property and back through {@link FilterConfigTypes}.
 * Writing uses the record's own {@link FilterConfig#type()} and refuses a record that is not
 * registered, so a dump can always be read back.
 */
final class FilterTypeIdResolver extends TypeIdResolverBase {

    @Override
    public String idFromValue(Object value) {
        return idFromValueAndType(value, value.getClass());
    }

    @Override
    public String idFromValueAndType(Object value, Class<?> suggestedType) {
        String type = ((FilterConfig) value).type();
        if (FilterConfigTypes.BY_TYPE.get(type) != value.getClass()) {
            throw new IllegalArgumentException("filter " + value.getClass().getName() + " (type \"" + type
                    + "\") is not registered in " + FilterConfigTypes.class.getSimpleName());
        }
        return type;
    }

    @Override
    public JavaType typeFromId(DatabindContext context, String id) {
        Class<? extends FilterConfig> type = FilterConfigTypes.BY_TYPE.get(id);
        // null makes Jackson report an unknown type id together with getDescForKnownTypeIds()
        return type == null ? null : context.constructType(type);
    }

    @Override
    public String getDescForKnownTypeIds() {
        return String.join(", ", new TreeSet<>(FilterConfigTypes.BY_TYPE.keySet()));
    }

    @Override
    public JsonTypeInfo.Id getMechanism() {
        return JsonTypeInfo.Id.CUSTOM;
    }
}
