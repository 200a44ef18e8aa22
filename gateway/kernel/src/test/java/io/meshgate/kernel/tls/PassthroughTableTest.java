package io.meshgate.kernel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.GlobalPassthrough;
import io.meshgate.config.SniPassthrough;
import io.meshgate.kernel.tls.PassthroughTarget.ToCluster;
import io.meshgate.kernel.tls.PassthroughTarget.ToHost;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassthroughTableTest {
    private static final List<SniPassthrough> ENTRIES = List.of(
            new SniPassthrough(List.of("db.example.com"), "db"),
            new SniPassthrough(List.of("*.apps.example.com"), "apps"),
            new SniPassthrough(List.of("special.apps.example.com"), "special"));

    @Test
    void exactEntryWinsOverWildcard() {
        PassthroughTable table = PassthroughTable.compile(ENTRIES, null);
        assertThat(table.lookup("special.apps.example.com")).isEqualTo(new ToCluster("special"));
        assertThat(table.lookup("web.apps.example.com")).isEqualTo(new ToCluster("apps"));
        assertThat(table.lookup("DB.Example.com.")).isEqualTo(new ToCluster("db"));
    }

    @Test
    void wildcardEntryCoversOneLabelOnly() {
        PassthroughTable table = PassthroughTable.compile(ENTRIES, null);
        assertThat(table.lookup("a.b.apps.example.com")).isNull();
        assertThat(table.lookup("apps.example.com")).isNull();
    }

    @Test
    void withoutGlobalUnknownNamesAndNoSniAreNotRelayed() {
        PassthroughTable table = PassthroughTable.compile(ENTRIES, null);
        assertThat(table.lookup("other.example.com")).isNull();
        assertThat(table.lookup(null)).isNull();
        assertThat(table.lookup("")).isNull();
    }

    @Test
    void globalRelaysAllowedNamesToTheSniHost() {
        PassthroughTable table = PassthroughTable.compile(ENTRIES,
                new GlobalPassthrough(443, List.of("public.example.net", "*.cdn.example.net")));
        assertThat(table.lookup("public.example.net")).isEqualTo(new ToHost("public.example.net", 443));
        assertThat(table.lookup("Img.CDN.example.net.")).isEqualTo(new ToHost("img.cdn.example.net", 443));
        assertThat(table.lookup("a.b.cdn.example.net")).isNull();
        assertThat(table.lookup("private.example.net")).isNull();
    }

    @Test
    void globalTargetsCarryThePrivateAddressSwitch() {
        PassthroughTable table = PassthroughTable.compile(List.of(),
                new GlobalPassthrough(8443, List.of("internal.example.net"), true));
        assertThat(table.lookup("internal.example.net")).isEqualTo(new ToHost("internal.example.net", 8443, true));
        assertThat(PassthroughTable.compile(List.of(), new GlobalPassthrough(8443, List.of("internal.example.net")))
                .lookup("internal.example.net")).isEqualTo(new ToHost("internal.example.net", 8443, false));
    }

    @Test
    void explicitEntriesWinOverGlobal() {
        PassthroughTable table = PassthroughTable.compile(ENTRIES, new GlobalPassthrough(443, List.of("db.example.com")));
        assertThat(table.lookup("db.example.com")).isEqualTo(new ToCluster("db"));
    }

    @Test
    void anEmptyAllowListRelaysNothing() {
        PassthroughTable table = PassthroughTable.compile(List.of(), new GlobalPassthrough(443, List.of()));
        assertThat(table.lookup("anything.example.com")).isNull();
        assertThat(table.lookup("localhost")).isNull();
        assertThat(table.isEmpty()).isTrue();
    }

    @Test
    void namesThatAreNotDnsHostNamesNeverGoGlobal() {
        // even a wildcard allow-list that would textually match
        PassthroughTable table = PassthroughTable.compile(List.of(),
                new GlobalPassthrough(443, List.of("*.example.com", "localhost")));
        assertThat(table.lookup("127.0.0.1")).isNull();
        assertThat(table.lookup("a b.example.com")).isNull();
        assertThat(table.lookup("-x.example.com")).isNull();
        assertThat(table.lookup("x_y.example.com")).isNull();
        assertThat(table.lookup("localhost")).isEqualTo(new ToHost("localhost", 443));
    }

    @Test
    void malformedOrDuplicatedNamesAreConfigErrors() {
        assertThatThrownBy(() -> PassthroughTable.compile(List.of(new SniPassthrough(List.of("*"), "c")), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PassthroughTable.compile(List.of(
                new SniPassthrough(List.of("a.example.com"), "c1"),
                new SniPassthrough(List.of("a.example.com"), "c2")), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a.example.com");
        assertThatThrownBy(() -> PassthroughTable.compile(List.of(), new GlobalPassthrough(443, List.of("a..b"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyTableRelaysNothing() {
        assertThat(PassthroughTable.empty().lookup("a.example.com")).isNull();
        assertThat(PassthroughTable.empty().isEmpty()).isTrue();
        assertThat(PassthroughTable.compile(ENTRIES, null).isEmpty()).isFalse();
    }
}
