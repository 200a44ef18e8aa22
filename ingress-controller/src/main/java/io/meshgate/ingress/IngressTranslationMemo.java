package io.meshgate.ingress;

import io.meshgate.config.Route;
import io.meshgate.config.VirtualHost;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link IngressTranslator} keeps between translations so that one changed object among thousands
 * does not make every Ingress be checked, resolved and built again: per Ingress, the class it names and
 * its {@link PreparedIngress}, with the inputs that preparation read. An entry is used only for the very
 * same Ingress object and only while every object it read is still the same object
 * ({@link InputReads#stillHold}); anything else prepares the Ingress again. The memo therefore never
 * changes a translation's result: a warm memo and a cold one give equal configs and statuses for equal
 * inputs. Entries of Ingresses absent from a translation's inputs are dropped at its end.
 *
 * <p>One translation at a time: {@link IngressTranslator#translate(IngressInputs, IngressSettings,
 * IngressTranslationMemo)} holds the memo's lock for the whole run.
 */
public final class IngressTranslationMemo {
    /** One Ingress object's cached parts. */
    static final class Entry {
        final Resource ingress;
        /** The class it names ({@link IngressClassSelector#namedClass}), a function of the Ingress alone. */
        final String namedClass;
        /** Null until the Ingress was served once (it may belong to another class). */
        PreparedIngress prepared;

        Entry(Resource ingress) {
            this.ingress = ingress;
            this.namedClass = IngressClassSelector.namedClass(ingress);
        }
    }

    private Map<ResourceKey, Entry> entries = new HashMap<>();
    /** Virtual hosts of the last translation by listener kind and host, reused while their routes are the same objects. */
    private Map<String, VirtualHost> hosts = new HashMap<>();
    private Map<String, VirtualHost> nextHosts = new HashMap<>();
    private long reused;
    private Map<ResourceKey, Entry> next = new HashMap<>();

    /**
     * The entry of this Ingress object: the kept one when it is the same object; else a new one, which
     * keeps the old one's preparation when the new object differs only where the preparation does not
     * read (its spec and annotations are equal): a status write, for one, makes a new object of every
     * Ingress it touches (after a bulk load, all of them), and must not make the next pass prepare
     * every Ingress again. The preparation's other inputs are checked as always ({@link InputReads#stillHold}).
     */
    Entry entryFor(Resource ingress) {
        ResourceKey key = ingress.key();
        Entry kept = entries.get(key);
        Entry entry;
        if (kept != null && kept.ingress == ingress) {
            entry = kept;
        } else {
            entry = new Entry(ingress);
            if (kept != null && kept.prepared != null && preparesAlike(kept.ingress, ingress)) {
                entry.prepared = kept.prepared;
            }
        }
        next.put(key, entry);
        return entry;
    }

    /** What a preparation reads of the Ingress itself (besides its key): the spec and the annotations. */
    private static boolean preparesAlike(Resource before, Resource now) {
        return before.spec().equals(now.spec())
                && before.metadata().annotations().equals(now.metadata().annotations());
    }

    /**
     * The virtual host {@code host} with {@code routes} on the plain-HTTP or the TLS listener: the one of the
     * last translation when its routes are the very same objects in the same order (a virtual host is
     * immutable, and the same object lets the config's serialisation copy its text), else a new one.
     */
    VirtualHost virtualHost(boolean plainHttp, String host, List<Route> routes) {
        String key = (plainHttp ? "http " : "https ") + host;
        VirtualHost kept = hosts.get(key);
        VirtualHost virtualHost = kept != null && sameObjects(kept.routes(), routes) ? kept
                : new VirtualHost(host, List.of(host), routes);
        nextHosts.put(key, virtualHost);
        return virtualHost;
    }

    private static boolean sameObjects(List<Route> a, List<Route> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** Ends a translation: keeps the entries it used, drops the rest. */
    void endRun() {
        entries = next;
        next = new HashMap<>();
        hosts = nextHosts;
        nextHosts = new HashMap<>();
    }

    /** Ends a translation that failed: what it looked at is forgotten, the previous entries stay. */
    void abortRun() {
        next = new HashMap<>();
        nextHosts = new HashMap<>();
    }

    /** The preparation kept for an Ingress after the last translation, or null (for tests). */
    synchronized PreparedIngress preparedFor(ResourceKey key) {
        Entry entry = entries.get(key);
        return entry == null ? null : entry.prepared;
    }

    /** Counts an Ingress whose preparation was taken from the memo. */
    void countReuse() {
        reused++;
    }

    /** How many times an Ingress's preparation was taken from the memo instead of made again (for tests and logs). */
    public synchronized long reused() {
        return reused;
    }
}
