package io.meshgate.kernel.filter;

import io.meshgate.config.HeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One side's header edits, flattened into arrays once so that applying them per request allocates
 * nothing: removes first, then sets (replace all values), then adds (append a value).
 */
final class HeaderEdits {
    private final AsciiString[] remove;
    private final AsciiString[] setNames;
    private final String[] setValues;
    private final AsciiString[] addNames;
    private final String[] addValues;

    private HeaderEdits(AsciiString[] remove, AsciiString[] setNames, String[] setValues,
                        AsciiString[] addNames, String[] addValues) {
        this.remove = remove;
        this.setNames = setNames;
        this.setValues = setValues;
        this.addNames = addNames;
        this.addValues = addValues;
    }

    static HeaderEdits of(List<String> remove, Map<String, String> set, Map<String, String> add) {
        for (String name : remove) {
            HeaderNames.requireToken(name); // set/add names were checked by the config record
        }
        return new HeaderEdits(names(remove), names(set.keySet()), set.values().toArray(String[]::new),
                names(add.keySet()), add.values().toArray(String[]::new));
    }

    private static AsciiString[] names(Collection<String> names) {
        return names.stream().map(AsciiString::of).toArray(AsciiString[]::new);
    }

    boolean isEmpty() {
        return remove.length == 0 && setNames.length == 0 && addNames.length == 0;
    }

    void applyTo(HttpHeaders headers) {
        for (AsciiString name : remove) {
            headers.remove(name);
        }
        for (int i = 0; i < setNames.length; i++) {
            headers.set(setNames[i], setValues[i]);
        }
        for (int i = 0; i < addNames.length; i++) {
            headers.add(addNames[i], addValues[i]);
        }
    }
}
