package io.meshgate.api.distribution;

import io.meshgate.reconcile.distribution.ConfigVersion;
import io.meshgate.reconcile.distribution.PublishedConfig;

import java.time.Instant;

/**
 * What the API last heard from one proxy (kept in memory: after an API restart it is rebuilt as
 * soon as the proxy reconnects).
 *
 * @param lastSeen        last authenticated request of the proxy
 * @param fetchedVersion  version of the last config it downloaded (or confirmed by a 304)
 * @param reportedVersion version named in its last status report
 * @param applied         whether that version was applied
 * @param error           why it was refused, null when applied
 * @param appliedVersion  the last version it reported as applied: what it runs now
 */
public record ProxySyncState(Instant lastSeen, String fetchedVersion, String reportedVersion, Boolean applied,
                             String error, String appliedVersion) {

    static final ProxySyncState NEVER = new ProxySyncState(null, null, null, null, null, null);

    ProxySyncState seen(Instant now) {
        return new ProxySyncState(now, fetchedVersion, reportedVersion, applied, error, appliedVersion);
    }

    ProxySyncState fetched(Instant now, String version) {
        return new ProxySyncState(now, version, reportedVersion, applied, error, appliedVersion);
    }

    ProxySyncState reported(Instant now, String version, boolean ok, String why) {
        return new ProxySyncState(now, fetchedVersion, version, ok, ok ? null : why, ok ? version : appliedVersion);
    }

    /** True when the proxy reported applying content equal to {@code desired}. */
    public boolean inSyncWith(PublishedConfig desired) {
        return desired != null && appliedVersion != null
                && ConfigVersion.contentOf(appliedVersion).equals(desired.contentHash());
    }
}
