package io.meshgate.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.util.Objects;

/**
 * A {@link LeaseLock} that can be told to {@linkplain #standDown() stand down}: from then on it refuses
 * to write a record naming this candidate, while still letting the release (a record with no holder)
 * through. fabric8's renew loop does not check for cancellation before a renewal, so a renewal
 * already scheduled when the elector is cancelled could otherwise take the Lease again right after
 * it was released, and the next candidate would wait a whole lease duration.
 */
final class StandDownLeaseLock implements Lock {
    private final LeaseLock delegate;
    private final String identity;
    private volatile boolean standingDown;

    StandDownLeaseLock(String namespace, String name, String identity) {
        this.delegate = new LeaseLock(namespace, name, identity);
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    /** Refuses every later acquisition or renewal by this candidate. */
    void standDown() {
        standingDown = true;
    }

    @Override
    public LeaderElectionRecord get(KubernetesClient client) {
        return delegate.get(client);
    }

    @Override
    public void create(KubernetesClient client, LeaderElectionRecord record) {
        refuseIfStandingDown(record);
        delegate.create(client, record);
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
        refuseIfStandingDown(record);
        delegate.update(client, record);
    }

    private void refuseIfStandingDown(LeaderElectionRecord record) {
        if (standingDown && identity.equals(record.getHolderIdentity())) {
            throw new KubernetesClientException("candidate " + identity + " is standing down");
        }
    }

    @Override
    public String identity() {
        return delegate.identity();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
