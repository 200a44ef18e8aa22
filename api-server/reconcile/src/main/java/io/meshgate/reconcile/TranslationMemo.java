package io.meshgate.reconcile;

import io.meshgate.resources.ResourceKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The last translation of every proxy, by the snapshot content it came from, so a pass whose
 * snapshot differs from the previous one in statuses only (the reconciler's own status writes:
 * {@link ResourceSnapshot#contentRevision()}) reuses it instead of translating everything again.
 * The translator's {@link Translator#externalRevision()} is part of the key: a rotated certificate
 * is a new input although no resource changed. Not thread-safe: the reconcile thread owns it.
 */
final class TranslationMemo {
    /**
     * One proxy's translation, the content hash of its config (null until published) and its
     * {@link Translation#reported()} (thousands of status copies at scale: made once per translation).
     */
    record Entry(ProxyIdentity proxy, long contentRevision, long externalRevision, Translation translation,
                 String contentHash, Map<ResourceKey, ReportedStatus> reported) {}

    private final Map<String, Entry> byName = new HashMap<>();

    /**
     * The translation remembered for {@code proxy} at {@code contentRevision} and the translator's
     * {@code externalRevision}; empty when unknown (content revision -1).
     */
    Optional<Entry> find(ProxyIdentity proxy, long contentRevision, long externalRevision) {
        if (contentRevision < 0) {
            return Optional.empty();
        }
        Entry entry = byName.get(proxy.name());
        return entry != null && entry.proxy().equals(proxy) && entry.contentRevision() == contentRevision
                && entry.externalRevision() == externalRevision ? Optional.of(entry) : Optional.empty();
    }

    /** Remembers a translation (nothing when the source does not track content, -1). */
    void remember(ProxyIdentity proxy, long contentRevision, long externalRevision, Translation translation,
                  String contentHash) {
        remember(proxy, contentRevision, externalRevision, translation, contentHash, translation.reported());
    }

    /** Likewise, with the translation's {@link Translation#reported()} already made. */
    void remember(ProxyIdentity proxy, long contentRevision, long externalRevision, Translation translation,
                  String contentHash, Map<ResourceKey, ReportedStatus> reported) {
        if (contentRevision < 0) {
            byName.remove(proxy.name());
            return;
        }
        byName.put(proxy.name(), new Entry(proxy, contentRevision, externalRevision, translation, contentHash,
                Map.copyOf(reported)));
    }

    /** Forgets a proxy, so its next pass translates (its translator failed, or it was unregistered). */
    void forget(String name) {
        byName.remove(name);
    }

    /** Forgets proxies not in {@code names}. */
    void retain(Set<String> names) {
        byName.keySet().retainAll(names);
    }
}
