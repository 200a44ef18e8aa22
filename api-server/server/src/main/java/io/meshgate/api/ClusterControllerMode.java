package io.meshgate.api;

import io.meshgate.db.Actor;
import io.meshgate.db.StoredObject;
import io.meshgate.reconcile.DebouncedWorker;
import io.meshgate.resources.KindInfo;
import io.meshgate.resources.KindRegistry;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Kubernetes mode for the control plane's controllers ({@link ControllerMode}): they read the
 * informers' caches and write to the API server, each write at the resourceVersion the pass looked at
 * (a create only where there was nothing), so a change made meanwhile is the API server's 409 and the
 * informer event of that change brings another pass. No audit row is written here: the informers
 * observe the write and {@link ObservedChangeAudit} records it, Secret data redacted as every Secret's,
 * with the controller as actor ({@link ExpectedActors}); the controllers log each write's reason
 * ({@code note}), which has no place in an observed change's row. Passes run on the leader only
 * ({@link ControllerSignals}), and each write checks leadership again.
 */
final class ClusterControllerMode implements ControllerMode {
    private static final System.Logger LOG = System.getLogger(ClusterControllerMode.class.getName());
    private static final KindRegistry KINDS = KindRegistry.standard();

    private final ResourceReads reads;
    private final ClusterWriter writer;
    private final ExpectedActors actors;
    private final ControllerSignals signals;

    ClusterControllerMode(ResourceReads reads, ClusterWriter writer, ExpectedActors actors, ControllerSignals signals) {
        this.reads = Objects.requireNonNull(reads, "reads");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.actors = Objects.requireNonNull(actors, "actors");
        this.signals = Objects.requireNonNull(signals, "signals");
    }

    @Override
    public ResourceReads reads() {
        return reads;
    }

    @Override
    public boolean putIfUnchanged(Actor actor, ResourceWrites.Candidate object, long examinedVersion, String note) {
        String kind = object.info().kind();
        String namespace = object.storeNamespace();
        String name = object.resource().name();
        return write(actor, kind, namespace, name, () -> {
            if (examinedVersion == 0) {
                writer.create(object.info(), object.resource().toJson());
            } else {
                writer.update(object.info(), object.resource().toJson(), examinedVersion);
            }
        });
    }

    @Override
    public boolean deleteIfUnchanged(Actor actor, StoredObject seen, String note) {
        KindInfo info = KINDS.byKind(seen.kind()).orElseThrow();
        return write(actor, seen.kind(), seen.namespace(), seen.name(),
                () -> writer.delete(info, seen.namespace(), seen.name(), seen.resourceVersion()));
    }

    /** One write on behalf of {@code actor}; false when this replica does not lead or the object moved. */
    private boolean write(Actor actor, String kind, String namespace, String name, Runnable call) {
        if (!signals.leader()) {
            return false; // leadership lost during the pass: the new leader decides
        }
        actors.expect(kind, namespace, name, actor.name());
        try {
            call.run();
            return true;
        } catch (ApiException e) {
            actors.forget(kind, namespace, name);
            if (e.status() == 409) {
                return false; // changed meanwhile: its informer event brings another pass
            }
            if (e.status() == 404) {
                // gone meanwhile, or (a create) its namespace does not exist
                LOG.log(Level.WARNING, kind + " " + namespace + "/" + name + ": " + e.getMessage());
                return false;
            }
            throw e;
        } catch (RuntimeException e) {
            actors.forget(kind, namespace, name);
            throw e;
        }
    }

    @Override
    public Loop loop(String threadName, Duration debounce, Duration period, Duration retryAfterFailure, Runnable pass,
                     Consumer<RuntimeException> onFailure) {
        DebouncedWorker worker = new DebouncedWorker(threadName, debounce, period, retryAfterFailure, () -> {
            if (signals.leader()) {
                pass.run();
            }
        }, onFailure);
        Runnable wake = worker::wake;
        return new Loop() {
            @Override
            public void start() {
                signals.listen(wake);
                worker.start();
            }

            @Override
            public void wake() {
                worker.wake();
            }

            @Override
            public void close() {
                signals.unlisten(wake);
                worker.close();
            }
        };
    }
}
