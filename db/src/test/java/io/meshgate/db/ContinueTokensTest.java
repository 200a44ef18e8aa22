package io.meshgate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ContinueTokensTest {

    @Test
    void resourceTokensRoundTripAndAreUrlSafe() {
        String token = ContinueTokens.resource("Service", null, "ns/with?odd&chars", "näme");
        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(ContinueTokens.decodeResource(token, "Service", null))
                .isEqualTo(new ContinueTokens.ResourceCursor("ns/with?odd&chars", "näme"));
    }

    @Test
    void auditTokensRoundTrip() {
        assertThat(ContinueTokens.decodeAudit(ContinueTokens.audit(12345))).isEqualTo(12345);
    }

    @Test
    void foreignOrMangledTokensAreRejected() {
        String resourceToken = ContinueTokens.resource("Service", "demo", "demo", "a");
        assertThatThrownBy(() -> ContinueTokens.decodeAudit(resourceToken)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContinueTokens.decodeResource(ContinueTokens.audit(1), "Service", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContinueTokens.decodeResource(resourceToken, "Service", "other"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContinueTokens.decodeResource("%%%", "Service", null))
                .isInstanceOf(IllegalArgumentException.class);
        String notArray = Base64.getUrlEncoder().encodeToString("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ContinueTokens.decodeAudit(notArray)).isInstanceOf(IllegalArgumentException.class);
        String notJson = Base64.getUrlEncoder().encodeToString("[1,".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ContinueTokens.decodeAudit(notJson)).isInstanceOf(IllegalArgumentException.class);
    }
}
