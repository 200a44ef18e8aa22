package io.meshgate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a workload outside Kubernetes holds: a sidecar token bound to its namespace and service
 * account, and a proxy registration that the resource transaction registering its Pod creates or
 * rotates.
 */
class SidecarCredentialsTest {
    private static final Actor ADMIN = Actor.system("test-admin");

    @TempDir
    Path dir;

    @Test
    void aSidecarTokenKeepsItsBindingAndIncludesNoOtherRole() {
        try (Database db = Database.open(DatabaseConfig.h2File(dir))) {
            String token = db.tokens().createSidecar(ADMIN, "bookbuyer", new TokenBinding("bookbuyer", "bookbuyer"));
            TokenInfo info = db.tokens().authenticate(token).orElseThrow();
            assertThat(info.role()).isEqualTo(Role.SIDECAR);
            assertThat(info.binding()).isEqualTo(new TokenBinding("bookbuyer", "bookbuyer"));
            assertThat(db.tokens().list()).singleElement().extracting(TokenInfo::binding).isNotNull();
            assertThat(Role.SIDECAR.includes(Role.VIEWER)).isFalse();
            assertThat(Role.ADMIN.includes(Role.SIDECAR)).isFalse();
            assertThat(Role.SIDECAR.includes(Role.SIDECAR)).isTrue();
            assertThat(Role.ADMIN.includes(Role.EDITOR)).isTrue();
            assertThat(Role.parse("sidecar")).isEqualTo(Role.SIDECAR);

            assertThatThrownBy(() -> db.tokens().create(ADMIN, "unbound", Role.SIDECAR))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace and service account");
            List<AuditRecord> rows = db.audit().query(AuditQuery.builder().kind(AuditEntry.TOKEN_KIND).build()).items();
            assertThat(rows).singleElement().extracting(AuditRecord::message)
                    .isEqualTo("role sidecar, namespace bookbuyer, service account bookbuyer");
        }
    }

    @Test
    void aProxyIsRegisteredThenRotatedInsideAResourceTransaction() {
        try (Database db = Database.open(DatabaseConfig.h2File(dir))) {
            String name = "sidecar.bookstore." + "a".repeat(200);
            ProxyStore.Issued first = db.resources().writeAndReturn(ADMIN,
                    tx -> db.proxies().registerOrRotate(tx, name, "sidecar"));
            assertThat(first.created()).isTrue();
            ProxyStore.Issued second = db.resources().writeAndReturn(ADMIN,
                    tx -> db.proxies().registerOrRotate(tx, name, "sidecar"));
            assertThat(second.created()).isFalse();
            assertThat(db.proxies().authenticate(first.token())).as("the old token stops working").isEmpty();
            assertThat(db.proxies().authenticate(second.token())).map(ProxyRegistration::name).hasValue(name);
            assertThat(second.toString()).doesNotContain(second.token());

            assertThatThrownBy(() -> db.resources().writeAndReturn(ADMIN,
                    tx -> db.proxies().registerOrRotate(tx, name, "ingress")))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("kind 'sidecar'");
            // a failing transaction takes the registration with it
            assertThatThrownBy(() -> db.resources().write(ADMIN, tx -> {
                db.proxies().registerOrRotate(tx, "sidecar.bookstore.rolled-back", "sidecar");
                throw new ConflictException("later step failed");
            })).isInstanceOf(ConflictException.class);
            assertThat(db.proxies().get("sidecar.bookstore.rolled-back")).isEmpty();

            boolean deleted = db.resources().writeAndReturn(ADMIN, tx -> db.proxies().delete(tx, name));
            boolean deletedAgain = db.resources().writeAndReturn(ADMIN, tx -> db.proxies().delete(tx, name));
            assertThat(deleted).isTrue();
            assertThat(deletedAgain).isFalse();
            assertThat(db.audit().query(AuditQuery.builder().kind(AuditEntry.PROXY_KIND).build()).items())
                    .extracting(AuditRecord::verb)
                    .as("newest first").containsExactly(AuditVerb.DELETE, AuditVerb.UPDATE, AuditVerb.CREATE);
            assertThat(db.audit().verify().ok()).isTrue();
        }
    }
}
