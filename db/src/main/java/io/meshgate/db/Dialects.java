package io.meshgate.db;

import org.jooq.SQLDialect;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.Settings;

/** The two databases the store supports, and how jOOQ must talk to each. */
final class Dialects {

    private Dialects() {
    }

    static SQLDialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return SQLDialect.H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return SQLDialect.POSTGRES;
        }
        throw new IllegalArgumentException("unsupported JDBC URL (use jdbc:h2: or jdbc:postgresql:): "
                + jdbcUrl.split("[;?]", 2)[0]);
    }

    /**
     * jOOQ's classes were generated with upper-case names (as H2 folds unquoted identifiers) and
     * jOOQ quotes names; PostgreSQL folds the unquoted DDL of the migrations to lower case, so
     * names are rendered lower-case there. No schema is rendered: tables live in the connection's
     * default schema, where Flyway created them.
     */
    static Settings settings(SQLDialect dialect) {
        Settings settings = new Settings().withRenderSchema(false).withRenderCatalog(false);
        if (dialect == SQLDialect.POSTGRES) {
            settings = settings.withRenderNameCase(RenderNameCase.LOWER);
        }
        return settings;
    }
}
