package io.meshgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.resources.ObjectMeta;
import io.meshgate.resources.Resource;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An object is parsed once per version; sweeps forget what a snapshot no longer holds. */
class ParseCacheTest {
    private final ParseCache cache = new ParseCache();
    private final AtomicInteger parsed = new AtomicInteger();

    private Optional<Resource> get(String id, String version) {
        return cache.get(id, version, () -> {
            parsed.incrementAndGet();
            return Optional.of(Resource.withSpec("v1", "ConfigMap", ObjectMeta.of("x", id), null));
        });
    }

    @Test
    void anUnchangedObjectIsParsedOnceAcrossSnapshots() {
        Resource first = get("a", "1").orElseThrow();
        cache.sweep();
        Resource again = get("a", "1").orElseThrow();
        cache.sweep();
        assertThat(get("a", "1")).containsSame(first);
        assertThat(again).isSameAs(first);
        assertThat(parsed).hasValue(1);
        assertThat(cache.parses()).isEqualTo(1);
    }

    @Test
    void aNewVersionIsParsedAgain() {
        get("a", "1");
        cache.sweep();
        get("a", "2");
        assertThat(parsed).hasValue(2);
    }

    @Test
    void anObjectLeftOutOfOneSnapshotIsForgotten() {
        get("a", "1");
        cache.sweep();
        cache.sweep(); // a snapshot without "a": it was deleted
        get("a", "1");
        assertThat(parsed).hasValue(2);
    }

    @Test
    void aFailedParseIsRememberedAndAnUnknownVersionNeverIs() {
        assertThat(cache.get("bad", "1", () -> {
            parsed.incrementAndGet();
            return Optional.empty();
        })).isEmpty();
        assertThat(cache.get("bad", "1", () -> {
            parsed.incrementAndGet();
            return Optional.empty();
        })).isEmpty();
        get("computed", null);
        get("computed", null);
        assertThat(parsed).hasValue(3);
    }

    private Optional<Resource> getWith(String id, String version, String port, String statusPhase) {
        return cache.get(id, version, () -> {
            parsed.incrementAndGet();
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.putObject("data").put("port", port);
            ObjectNode status = statusPhase == null ? null : JsonNodeFactory.instance.objectNode().put("phase", statusPhase);
            return Optional.of(Resource.of("v1", "ConfigMap", ObjectMeta.of("x", id).withResourceVersion(version),
                    body, status));
        });
    }

    @Test
    void sweepsTellWhetherAnythingBeyondStatusesChanged() {
        getWith("a", "1", "80", null);
        assertThat(cache.sweep()).as("the first snapshot").isTrue();
        getWith("a", "1", "80", null);
        assertThat(cache.sweep()).as("nothing new").isFalse();
        getWith("a", "2", "80", "Ready");
        assertThat(cache.sweep()).as("a status write (and its resourceVersion)").isFalse();
        getWith("a", "3", "81", "Ready");
        assertThat(cache.sweep()).as("a data change").isTrue();
        getWith("a", "3", "81", "Ready");
        getWith("b", "4", "80", null);
        assertThat(cache.sweep()).as("an object added").isTrue();
        getWith("b", "4", "80", null);
        assertThat(cache.sweep()).as("an object removed").isTrue();
        getWith("b", "4", "80", null);
        assertThat(cache.sweep()).isFalse();
    }

    @Test
    void anUnknownVersionCountsAsAChange() {
        get("computed", null);
        cache.sweep();
        get("computed", null);
        assertThat(cache.sweep()).isTrue();
    }
}
