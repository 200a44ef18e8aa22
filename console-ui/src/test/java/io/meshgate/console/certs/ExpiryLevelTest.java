package io.meshgate.console.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpiryLevelTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static ExpiryLevel at(Duration lifetime, Duration left) {
        Instant notAfter = START.plus(lifetime);
        return ExpiryLevel.of(START, notAfter, notAfter.minus(left));
    }

    @Test
    void ninetyDayCertificate() {
        Duration life = Duration.ofDays(90);
        assertThat(at(life, Duration.ofDays(60))).isEqualTo(ExpiryLevel.OK);
        assertThat(at(life, Duration.ofDays(28))).isEqualTo(ExpiryLevel.OK);      // 31% left
        assertThat(at(life, Duration.ofDays(26))).isEqualTo(ExpiryLevel.WARNING); // 29% left
        assertThat(at(life, Duration.ofDays(9))).isEqualTo(ExpiryLevel.WARNING);  // exactly 10%
        assertThat(at(life, Duration.ofDays(8))).isEqualTo(ExpiryLevel.DANGER);
    }

    @Test
    void shortLivedCertificateIsNotAlwaysFlagged() {
        Duration life = Duration.ofDays(2);
        assertThat(at(life, Duration.ofHours(40))).isEqualTo(ExpiryLevel.OK);
        assertThat(at(life, Duration.ofHours(25))).isEqualTo(ExpiryLevel.OK);
        // under 24 h is danger whatever the lifetime
        assertThat(at(life, Duration.ofHours(23))).isEqualTo(ExpiryLevel.DANGER);
    }

    @Test
    void longLivedCertificateIsFlaggedYearsAhead() {
        Duration life = Duration.ofDays(3650);
        assertThat(at(life, Duration.ofDays(1000))).isEqualTo(ExpiryLevel.WARNING);
        assertThat(at(life, Duration.ofDays(300))).isEqualTo(ExpiryLevel.DANGER);
    }

    @Test
    void expiredAndNotYetValid() {
        Instant notAfter = START.plus(Duration.ofDays(30));
        assertThat(ExpiryLevel.of(START, notAfter, notAfter)).isEqualTo(ExpiryLevel.EXPIRED);
        assertThat(ExpiryLevel.of(START, notAfter, notAfter.plusSeconds(1))).isEqualTo(ExpiryLevel.EXPIRED);
        assertThat(ExpiryLevel.of(START, notAfter, START.minus(Duration.ofDays(5)))).isEqualTo(ExpiryLevel.OK);
    }

    @Test
    void zeroLifetimeDoesNotDivideByZero() {
        assertThat(ExpiryLevel.of(START, START, START.minusSeconds(10))).isEqualTo(ExpiryLevel.DANGER);
    }

    @Test
    void describesTimeLeft() {
        Instant notAfter = START.plus(Duration.ofDays(12));
        assertThat(ExpiryLevel.describe(notAfter, START)).isEqualTo("12 days left");
        assertThat(ExpiryLevel.describe(notAfter, notAfter.minus(Duration.ofHours(5)))).isEqualTo("5 h left");
        assertThat(ExpiryLevel.describe(notAfter, notAfter.plus(Duration.ofDays(3)))).isEqualTo("expired 3 days ago");
    }
}
