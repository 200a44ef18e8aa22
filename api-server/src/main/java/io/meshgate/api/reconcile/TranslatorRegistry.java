package io.meshgate.api.reconcile;

import io.meshgate.config.ProxyConfig;
import io.meshgate.ingress.IngressSettings;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which translator builds configs for which proxy kind. A kind without one gets an empty config
 * (version {@code "empty"}): the proxy connects and reports in sync, it just serves nothing yet.
 * Adding a translator is one line in {@link #standard()}.
 */
public final class TranslatorRegistry {
    /** What proxies of a kind without a translator receive. */
    public static final Translator EMPTY = (snapshot, proxy) -> Translation.of(ProxyConfig.empty());

    private final Map<String, Translator> byKind;

    private TranslatorRegistry(Map<String, Translator> byKind) {
        this.byKind = Map.copyOf(byKind);
    }

    /**
     * The translators of the product, by proxy kind ("ingress", "egress", "sidecar"), with the ingress
     * gateway on 127.0.0.1:8000 (HTTP) and :8443 (HTTPS).
     */
    public static TranslatorRegistry standard() {
        return standard(IngressSettings.of("127.0.0.1", 8000, 8443));
    }

    /** The translators of the product, the ingress gateway listening as {@code ingress} says. */
    public static TranslatorRegistry standard(IngressSettings ingress) {
        return new TranslatorRegistry(Map.of())
                .with("ingress", new IngressProxyTranslator(ingress));
    }

    /** A copy that builds configs of proxies of {@code kind} with {@code translator}. */
    public TranslatorRegistry with(String kind, Translator translator) {
        Map<String, Translator> next = new TreeMap<>(byKind);
        next.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(translator, "translator"));
        return new TranslatorRegistry(next);
    }

    /** The translator for {@code kind}, or {@link #EMPTY}. */
    public Translator forKind(String kind) {
        return byKind.getOrDefault(kind, EMPTY);
    }
}
