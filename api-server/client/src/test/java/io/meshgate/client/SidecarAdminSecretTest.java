package io.meshgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SidecarAdminSecretTest {

    @Test
    void theTokenHashIsTheStoresHexSha256() {
        // echo -n abc | sha256sum
        assertThat(SidecarAdminSecret.tokenHash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void bothSidesDeriveTheSameSecret() {
        String token = "mgp_example-token";

        String sidecar = SidecarAdminSecret.fromToken("sidecar.httpbin.httpbin", token);
        String controlPlane = SidecarAdminSecret.fromTokenHash("sidecar.httpbin.httpbin",
                SidecarAdminSecret.tokenHash(token));

        assertThat(sidecar).isEqualTo(controlPlane).startsWith("mga_").hasSize(4 + 43).doesNotContain(token);
    }

    @Test
    void itChangesWithTheTokenAndTheProxy() {
        String secret = SidecarAdminSecret.fromToken("sidecar.a.p", "mgp_1");

        assertThat(SidecarAdminSecret.fromToken("sidecar.a.p", "mgp_2")).isNotEqualTo(secret);
        assertThat(SidecarAdminSecret.fromToken("sidecar.a.q", "mgp_1")).isNotEqualTo(secret);
    }

    @Test
    void aFixedVectorPinsTheDerivation() {
        // computed with Python's hmac module; a change here breaks every running sidecar's admin
        // relay until it registers again
        assertThat(SidecarAdminSecret.fromTokenHash("sidecar.ns.pod", "00"))
                .isEqualTo("mga_LKjsqt91021sfnCc3ohyuyApLyCCM8ve3zN_Y8DqjEk");
    }
}
