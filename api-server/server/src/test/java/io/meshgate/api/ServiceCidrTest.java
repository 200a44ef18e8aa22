package io.meshgate.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceCidrTest {

    @Test
    void theDefaultIsKubernetesBlockWithoutItsFirstAndLastAddress() {
        ServiceCidr cidr = ServiceCidr.DEFAULT;
        assertThat(cidr).hasToString("10.96.0.0/12");
        assertThat(cidr.format(cidr.first())).isEqualTo("10.96.0.1");
        assertThat(cidr.format(cidr.lastAssignable())).isEqualTo("10.111.255.254");
        assertThat(cidr.assignable("10.96.0.0")).isFalse();
        assertThat(cidr.assignable("10.111.255.255")).isFalse();
        assertThat(cidr.assignable("10.100.1.2")).isTrue();
        assertThat(cidr.assignable("10.112.0.1")).isFalse();
        assertThat(cidr.assignable("fd00::1")).as("another family").isFalse();
    }

    @Test
    void ipv6BlocksWorkTheSameAndPrintShort() {
        ServiceCidr cidr = ServiceCidr.parse("fd00:10:96::/108");
        assertThat(cidr).hasToString("fd00:10:96::/108");
        assertThat(cidr.format(cidr.first())).isEqualTo("fd00:10:96::1");
        assertThat(cidr.assignable("fd00:10:96:0:0:0:0:5")).isTrue();
        assertThat(cidr.assignable("fd00:10:97::5")).isFalse();
        assertThat(cidr.assignable("10.96.0.1")).isFalse();
        assertThat(ServiceCidr.parse("2001:db8:0:0:1::/80")).hasToString("2001:db8:0:0:1::/80");
        assertThat(ServiceCidr.parse("2001:0:0:1::/64")).hasToString("2001:0:0:1::/64");
    }

    @Test
    void badBlocksAreRefusedWithWhatToWrite() {
        assertThatThrownBy(() -> ServiceCidr.parse("10.96.0.0")).hasMessageContaining("must be a CIDR block");
        assertThatThrownBy(() -> ServiceCidr.parse("10.96.0.1/12")).hasMessageContaining("did you mean 10.96.0.0/12?");
        assertThatThrownBy(() -> ServiceCidr.parse("10.96.0.0/31")).hasMessageContaining("at most /30");
        assertThat(ServiceCidr.parse(" 10.0.0.0/30 ").format(ServiceCidr.parse("10.0.0.0/30").lastAssignable()))
                .isEqualTo("10.0.0.2");
    }
}
