package io.meshgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.db.ChangeEvent;
import io.meshgate.db.EventType;
import io.meshgate.db.RevisionExpiredException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObservedWatchEventsTest {
    private static final long BASE = 1_000_000L;
    private static final String OBJECT = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"a\","
            + "\"namespace\":\"w\",\"managedFields\":[{\"manager\":\"kubectl\"}]}}";

    @Test
    void eventsAreNumberedFromTheBaseInTheOrderObserved() {
        ObservedWatchEvents events = new ObservedWatchEvents(10, BASE);
        List<Long> told = new ArrayList<>();
        events.addListener(told::add);
        events.observed("Service", "w", "a", null, OBJECT);
        events.observed("Service", "w", "a", OBJECT, OBJECT);
        events.observed("Service", "w", "a", OBJECT, null);

        List<ChangeEvent> all = events.since(BASE, 100);
        assertThat(all).extracting(ChangeEvent::type)
                .containsExactly(EventType.ADDED, EventType.MODIFIED, EventType.DELETED);
        assertThat(all).extracting(ChangeEvent::resourceVersion).containsExactly(BASE + 1, BASE + 2, BASE + 3);
        assertThat(all.getFirst().bodyJson()).contains("\"name\":\"a\"").doesNotContain("managedFields");
        assertThat(told).containsExactly(BASE + 1, BASE + 2, BASE + 3);
        assertThat(events.since(BASE + 1, 1)).extracting(ChangeEvent::resourceVersion).containsExactly(BASE + 2);
        assertThat(events.since(BASE + 3, 100)).isEmpty();
        assertThat(events.current()).isEqualTo(BASE + 3);
    }

    @Test
    void idsNotKeptAreExpired() {
        ObservedWatchEvents events = new ObservedWatchEvents(2, BASE);
        for (int i = 0; i < 5; i++) {
            events.observed("Service", "w", "s" + i, null, OBJECT);
        }
        // events 4 and 5 are kept: resuming after 3 is fine, after 2 lost event 3
        assertThat(events.since(BASE + 3, 100)).hasSize(2);
        assertThatThrownBy(() -> events.since(BASE + 2, 100)).isInstanceOf(RevisionExpiredException.class);
        // ids of another process: before this one's base, or beyond what it handed out
        assertThatThrownBy(() -> events.since(5, 100)).isInstanceOf(RevisionExpiredException.class);
        assertThatThrownBy(() -> events.since(BASE + 6, 100)).isInstanceOf(RevisionExpiredException.class);
    }

    @Test
    void aFreshLogResumesFromItsBaseOnly() {
        ObservedWatchEvents events = new ObservedWatchEvents(2, BASE);
        assertThat(events.since(BASE, 100)).isEmpty();
        assertThatThrownBy(() -> events.since(BASE - 1, 100)).isInstanceOf(RevisionExpiredException.class);
    }
}
