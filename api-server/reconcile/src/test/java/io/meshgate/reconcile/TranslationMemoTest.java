package io.meshgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.ProxyConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A translation is reused for the same proxy, content revision and external revision only, never when
 * the source does not track content.
 */
class TranslationMemoTest {
    private final TranslationMemo memo = new TranslationMemo();
    private final ProxyIdentity gateway = new ProxyIdentity("gw", "ingress");
    private final Translation translation = new Translation(new ProxyConfig("", List.of(), List.of()), Map.of());

    @Test
    void reusedForTheSameContentRevisionOnly() {
        memo.remember(gateway, 7, 0, translation, "h");
        assertThat(memo.find(gateway, 7, 0)).map(TranslationMemo.Entry::translation).containsSame(translation);
        assertThat(memo.find(gateway, 8, 0)).isEmpty();
        assertThat(memo.find(new ProxyIdentity("gw", "other-kind"), 7, 0)).isEmpty();
        assertThat(memo.find(new ProxyIdentity("other", "ingress"), 7, 0)).isEmpty();
    }

    @Test
    void aNewExternalRevisionTranslatesAgain() {
        // e.g. a workload certificate fell due for rotation while no resource changed
        memo.remember(gateway, 7, 3, translation, "h");
        assertThat(memo.find(gateway, 7, 3)).isPresent();
        assertThat(memo.find(gateway, 7, 4)).isEmpty();
    }

    @Test
    void anUntrackedContentRevisionIsNeverReused() {
        memo.remember(gateway, 7, 0, translation, "h");
        memo.remember(gateway, -1, 0, translation, "h");
        assertThat(memo.find(gateway, 7, 0)).isEmpty();
        assertThat(memo.find(gateway, -1, 0)).isEmpty();
    }

    @Test
    void forgottenAndUnregisteredProxiesTranslateAgain() {
        memo.remember(gateway, 7, 0, translation, "h");
        memo.forget("gw");
        assertThat(memo.find(gateway, 7, 0)).isEmpty();
        memo.remember(gateway, 7, 0, translation, "h");
        memo.retain(Set.of("someone-else"));
        assertThat(memo.find(gateway, 7, 0)).isEmpty();
    }
}
