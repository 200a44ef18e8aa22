package io.meshgate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

    @Test
    void h2FileUrlIsDurableAndLeavesClosingToTheApplication() {
        DatabaseConfig config = DatabaseConfig.h2File(Path.of("/var/lib/meshgate"));
        assertThat(config.jdbcUrl())
                .isEqualTo("jdbc:h2:file:/var/lib/meshgate/meshgate;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        assertThat(config.dataDirectory()).isEqualTo(Path.of("/var/lib/meshgate"));
    }

    @Test
    void onlyH2AndPostgresqlAreAccepted() {
        assertThat(DatabaseConfig.jdbc("jdbc:postgresql://127.0.0.1/mesh", "u", "p").dataDirectory()).isNull();
        assertThatThrownBy(() -> DatabaseConfig.jdbc("jdbc:mysql://db/mesh", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported");
        assertThatThrownBy(() -> DatabaseConfig.h2File(Path.of("/tmp/a;INIT=RUNSCRIPT FROM 'x'")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringHidesThePassword() {
        assertThat(DatabaseConfig.jdbc("jdbc:postgresql://127.0.0.1/mesh", "u", "s3cret").toString())
                .doesNotContain("s3cret").contains("***");
    }

    @Test
    void limitsAreChecked() {
        DatabaseConfig config = DatabaseConfig.h2File(Path.of("/tmp/x"));
        assertThatThrownBy(() -> config.withEventRetention(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withMaxPoolSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(config.withEventRetention(5).eventRetention()).isEqualTo(5);
    }
}
