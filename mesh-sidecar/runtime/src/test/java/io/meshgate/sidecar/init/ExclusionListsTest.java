package io.meshgate.sidecar.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExclusionListsTest {
    @Test
    void readsCommaListsDroppingBlanksAndDuplicates() {
        assertThat(ExclusionLists.cidrs("--x", " 10.0.0.0/8, ,192.168.1.10/32,10.0.0.0/8"))
                .containsExactly("10.0.0.0/8", "192.168.1.10/32");
        assertThat(ExclusionLists.ports("--p", "22,5432,22")).containsExactly(22, 5432);
        assertThat(ExclusionLists.cidrs("--x", null)).isEmpty();
        assertThat(ExclusionLists.merge(List.of(1, 2), List.of(2, 3))).containsExactly(1, 2, 3);
    }

    @Test
    void badEntriesNameTheFlagAndTheEntry() {
        assertThatThrownBy(() -> ExclusionLists.cidrs("--outbound-ip-range-exclusion", "10.0.0.1"))
                .hasMessage("--outbound-ip-range-exclusion: '10.0.0.1' is not an IPv4 CIDR such as 10.0.0.0/8 (a single address is a.b.c.d/32)");
        assertThatThrownBy(() -> ExclusionLists.cidrs("--x", "10.0.0.300/8")).hasMessageContaining("octet above 255");
        assertThatThrownBy(() -> ExclusionLists.cidrs("--x", "10.0.0.0/33")).hasMessageContaining("prefix length above 32");
        assertThatThrownBy(() -> ExclusionLists.cidrs("--x", "fd00::/8")).hasMessageContaining("IPv6");
        assertThatThrownBy(() -> ExclusionLists.ports("--outbound-port-exclusion", "22,ssh"))
                .hasMessage("--outbound-port-exclusion: 'ssh' is not a port number (1..65535)");
        assertThatThrownBy(() -> ExclusionLists.ports("--p", "0")).hasMessageContaining("outside 1..65535");
    }

    @Test
    void parsesTheCommandLine() {
        InitOptions o = InitOptions.parse(new String[] {"--proxy-gid", "1500", "--outbound-port-exclusion", "22",
                "--outbound-port-exclusion", "5432", "--inbound-port-exclusion", "8081", "--dry-run"}, Map.of());
        assertThat(o.interception()).isEqualTo(new Interception(1500, 1500, List.of(), List.of(), List.of(22, 5432), List.of(8081)));
        assertThat(o.dryRun()).isTrue();
        assertThat(o.remove()).isFalse();
        assertThat(o.server()).isNull();

        InitOptions withServer = InitOptions.parse(new String[] {"--server", "https://cp:9091", "--remove"},
                Map.of("MESHGATE_TOKEN", "mgt_x", "MESHGATE_CA_FILE", "/data/ca/ca.crt"));
        assertThat(withServer.token()).isEqualTo("mgt_x");
        assertThat(withServer.caFile()).hasToString("/data/ca/ca.crt");
        assertThat(withServer.remove()).isTrue();
    }

    @Test
    void refusesBadCommandLinesWithTheReason() {
        assertThatThrownBy(() -> InitOptions.parse(new String[] {"--proxy-uid", "proxy"}, Map.of()))
                .hasMessage("--proxy-uid must be a numeric id (0 or more), got 'proxy'");
        assertThatThrownBy(() -> InitOptions.parse(new String[] {"--server", "http://cp:9091"}, Map.of()))
                .hasMessageContaining("pass --token or set MESHGATE_TOKEN");
        assertThatThrownBy(() -> InitOptions.parse(new String[] {"--server", "cp:9091", "--token", "t"}, Map.of()))
                .hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> InitOptions.parse(new String[] {"--outbound-ip-range-exclusion"}, Map.of()))
                .hasMessage("--outbound-ip-range-exclusion needs a value");
        assertThatThrownBy(() -> InitOptions.parse(new String[] {"--flush-all"}, Map.of()))
                .hasMessage("unknown argument '--flush-all'");
    }

    @Test
    void readsTheMeshConfigsLists() {
        MeshTrafficLists lists = MeshTrafficLists.fromMeshConfig("""
                {"apiVersion":"config.flomesh.io/v1alpha3","kind":"MeshConfig",
                 "metadata":{"name":"fsm-mesh-config","namespace":"fsm-system"},
                 "spec":{"traffic":{"enableEgress":true,"outboundIPRangeExclusionList":["10.0.0.0/8"],
                   "outboundPortExclusionList":[5432],"inboundPortExclusionList":[]}}}""");
        assertThat(lists).isEqualTo(new MeshTrafficLists(List.of("10.0.0.0/8"), List.of(), List.of(5432), List.of()));
        Interception merged = new Interception(1500, null, List.of("192.168.0.0/16", "10.0.0.0/8"), List.of(), List.of(22), List.of())
                .withMeshDefaults(lists);
        assertThat(merged.outboundIpRangeExclusions()).containsExactly("192.168.0.0/16", "10.0.0.0/8");
        assertThat(merged.outboundPortExclusions()).containsExactly(22, 5432);
        assertThatThrownBy(() -> MeshTrafficLists.fromMeshConfig("{\"spec\":{\"traffic\":{\"outboundPortExclusionList\":[70000]}}}"))
                .hasMessageContaining("MeshConfig spec.traffic.outboundPortExclusionList: port 70000");
    }

    @Test
    void readsTheEffectiveUid() {
        assertThat(Privileges.effectiveUid("Name:\tjava\nUid:\t1000\t0\t0\t0\nGid:\t0\t0\t0\t0\n")).isZero();
        assertThat(Privileges.effectiveUid("Uid:\t0\t1500\t1500\t1500\n")).isEqualTo(1500);
    }
}
