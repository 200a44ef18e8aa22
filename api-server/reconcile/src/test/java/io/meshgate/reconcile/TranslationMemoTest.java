package io.meshgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.ProxyConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A translation is reused for the same proxy and content revision only, never when the source does not track content. */
class TranslationMemoTest {
    private final TranslationMemo memo = new TranslationMemo();
    private final ProxyIdentity gateway = new ProxyIdentity("gw", "ingress");
    private final Translation translation = new Translation(new ProxyConfig("", List.of(), List.of()), Map.of());

    @Test
    void reusedForTheSameContentRevisionOnly() {
        memo.remember(gateway, 7, translation, "h");
        assertThat(memo.find(gateway, 7)).map(TranslationMemo.Entry::translation).containsSame(translation);
        assertThat(memo.find(gateway, 8)).isEmpty();
        assertThat(memo.find(new ProxyIdentity("gw", "other-kind"), 7)).isEmpty();
        assertThat(memo.find(new ProxyIdentity("other", "ingress"), 7)).isEmpty();
    }

    @Test
    void anUntrackedContentRevisionIsNeverReused() {
        memo.remember(gateway, 7, translation, "h");
        memo.remember(gateway, -1, translation, "h");
        assertThat(memo.find(gateway, 7)).isEmpty();
        assertThat(memo.find(gateway, -1)).isEmpty();
    }

    @Test
    void forgottenAndUnregisteredProxiesTranslateAgain() {
        memo.remember(gateway, 7, translation, "h");
        memo.forget("gw");
        assertThat(memo.find(gateway, 7)).isEmpty();
        memo.remember(gateway, 7, translation, "h");
        memo.retain(Set.of("someone-else"));
        assertThat(memo.find(gateway, 7)).isEmpty();
    }
}
