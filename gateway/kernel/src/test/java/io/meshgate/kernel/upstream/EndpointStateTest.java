package io.meshgate.kernel.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Endpoint;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EndpointStateTest {

    @Test
    void ipLiteralsAreResolvedWithoutALookup() {
        assertThat(new EndpointState(Endpoint.of("10.1.2.3", 8080)).socketAddress())
                .satisfies(a -> {
                    assertThat(a.isUnresolved()).isFalse();
                    assertThat(a.getAddress().getHostAddress()).isEqualTo("10.1.2.3");
                    assertThat(a.getPort()).isEqualTo(8080);
                });
        assertThat(new EndpointState(Endpoint.of("[::1]", 80)).socketAddress().getAddress().isLoopbackAddress()).isTrue();
        assertThat(new EndpointState(Endpoint.of("::1", 80)).isResolved()).isTrue();
    }

    @Test
    void anUnresolvableHostGivesAnUnresolvedAddressInsteadOfFailing() {
        EndpointState state = new EndpointState(Endpoint.of("no-such-host.invalid", 80));

        assertThat(state.isResolved()).isFalse();
        assertThat(state.socketAddress().getHostString()).isEqualTo("no-such-host.invalid");
    }

    @Test
    void inFlightCountsConcurrentRequestsAndNeverGoesNegative() throws Exception {
        EndpointState state = new EndpointState(Endpoint.of("127.0.0.1", 80));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4000; i++) {
            pool.execute(state::requestStarted);
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(state.inFlight()).isEqualTo(4000);

        for (int i = 0; i < 4001; i++) {
            state.requestFinished();
        }
        assertThat(state.inFlight()).isZero();
    }
}
