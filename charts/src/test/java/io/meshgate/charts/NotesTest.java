package io.meshgate.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NOTES.txt as `helm install --dry-run=client` prints it (no cluster): what a user reads after installing. */
class NotesTest {

    @Test
    void notesSayHowToReachTheControlPlaneAndJoinANamespace() {
        String output = install("fsm-system", Map.of()).getOutput();
        assertThat(output).contains("kubectl -n fsm-system port-forward service/fsm-controller 9091 9090")
                .contains("kubectl label namespace NS flomesh.io/monitored-by=fsm")
                .contains("kubectl annotate namespace NS flomesh.io/sidecar-injection=enabled")
                .contains("IngressClass pipy, Service fsm-system/fsm-ingress (ClusterIP)")
                .doesNotContain("Egress gateway:")
                .doesNotContain("FSM's tools and demos expect");
    }

    @Test
    void notesWarnOutsideFsmSystemAndExplainTheEgressToken() {
        String output = install("mesh", Map.of("egressGateway.enabled", true)).getOutput();
        assertThat(output).contains("FSM's tools and demos expect the control plane in namespace fsm-system")
                .contains("gets that proxy's token by itself").doesNotContain("create secret generic");
    }

    private static Release install(String namespace, Map<String, Object> values) {
        InstallCommand install = new Helm(Rendered.CHART).install().withName("meshgate").withNamespace(namespace)
                .clientOnly().withDryRunOption(DryRun.CLIENT);
        values.forEach(install::set);
        return install.call();
    }
}
