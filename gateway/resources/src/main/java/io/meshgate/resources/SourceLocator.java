package io.meshgate.resources;

import java.util.List;

/** Finds the source line of a field inside one parsed document (YAML node tree or JSON text). */
interface SourceLocator {

    /**
     * The 1-based line of the deepest existing node on the path (for a map entry: its key's line),
     * or 0 when not even the root can be placed.
     */
    int lineOf(List<String> pathTokens);
}
