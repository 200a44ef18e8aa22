package io.meshgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshgate.ca.CertificateAuthority;
import io.meshgate.ca.CertificateInfo;
import io.meshgate.sidecar.translator.WorkloadCertificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Workload certificates from the mesh CA: the identity's DNS and SPIFFE names, 24 h, the same
 * certificate until a third of its lifetime is left, and the reconciler told when that is (clock
 * moved by hand).
 */
class WorkloadCertificateCacheTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final CertificateAuthority ca = CertificateAuthority.create(clock);
    private final WorkloadCertificateCache cache = new WorkloadCertificateCache(ca, clock);
    private final AtomicInteger dirty = new AtomicInteger();

    @AfterEach
    void close() {
        cache.close();
    }

    @Test
    void issuesTheWorkloadsIdentityFromTheMeshCa() {
        WorkloadCertificate certificate = cache.issue("httpbin", "httpbin");
        CertificateInfo info = CertificateInfo.parse(certificate.certificateChainPem());
        assertThat(info.subjectAltNames()).containsExactly("httpbin.httpbin.cluster.local",
                "spiffe://cluster.local/ns/httpbin/sa/httpbin");
        assertThat(Duration.between(clock.instant(), info.notAfter())).isEqualTo(Duration.ofHours(24));
        assertThat(certificate.caPem()).isEqualTo(ca.caPem());
        assertThat(ca.verifyIssued(certificate.certificateChainPem(), certificate.privateKey().pem())).isPresent();
    }

    @Test
    void theSameCertificateUntilAThirdOfItsLifetimeIsLeft() {
        WorkloadCertificate first = cache.issue("curl", "curl");
        Instant renewAt = cache.nextRotation().orElseThrow();
        CertificateInfo info = CertificateInfo.parse(first.certificateChainPem());
        Duration lifetime = Duration.between(info.notBefore(), info.notAfter());
        assertThat(renewAt).isEqualTo(info.notAfter().minus(lifetime.dividedBy(3)));

        clock.advance(Duration.between(clock.instant(), renewAt).minusSeconds(1));
        assertThat(cache.issue("curl", "curl")).isSameAs(first);
        assertThat(cache.revision()).isZero();

        // another identity has its own certificate
        assertThat(cache.issue("curl", "other").certificateChainPem()).isNotEqualTo(first.certificateChainPem());

        clock.advance(Duration.ofSeconds(1));
        WorkloadCertificate second = cache.issue("curl", "curl");
        assertThat(second.certificateChainPem()).isNotEqualTo(first.certificateChainPem());
        // found due before the timer: other translations holding the old one are made again
        assertThat(cache.revision()).isEqualTo(1);
        assertThat(cache.issue("curl", "curl")).isSameAs(second);
    }

    @Test
    void theNextRotationIsTheEarliestOne() {
        cache.issue("a", "a");
        Instant first = cache.nextRotation().orElseThrow();
        clock.advance(Duration.ofHours(1));
        cache.issue("b", "b");
        assertThat(cache.nextRotation()).contains(first);
    }

    @Test
    void aDueRotationMarksTheReconcilerDirtyOnceAndIsThenReissued() {
        cache.start(dirty::incrementAndGet);
        WorkloadCertificate first = cache.issue("curl", "curl");
        // the timer is armed for 16 h from the test clock's now; nothing happens meanwhile
        assertThat(dirty.get()).isZero();

        clock.advance(Duration.ofHours(17));
        cache.issue("late", "late"); // re-arms the timer: the earliest rotation is past, so due at once
        await().atMost(Duration.ofSeconds(5)).until(() -> dirty.get() == 1);
        assertThat(cache.revision()).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(1);
        WorkloadCertificate second = cache.issue("curl", "curl");
        assertThat(second.certificateChainPem()).isNotEqualTo(first.certificateChainPem());
        // asked after the timer forgot it: a plain new issue, no second signal
        assertThat(cache.revision()).isEqualTo(1);
        assertThat(dirty.get()).isEqualTo(1);
    }

    @Test
    void theTimerTaskWithNothingDueChangesNothing() {
        cache.start(dirty::incrementAndGet);
        cache.issue("curl", "curl");
        cache.rotationDue();
        assertThat(cache.revision()).isZero();
        assertThat(dirty.get()).isZero();
        assertThat(cache.size()).isEqualTo(1);
    }
}
