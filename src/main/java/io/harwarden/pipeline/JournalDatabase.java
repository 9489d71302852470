package io.harwarden.pipeline;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Qualifier;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The database of the journal, the manifests, the exception requests and the audit log: the embedded H2 file by
 * default, or PostgreSQL (shared by replicas) when {@code quarkus.datasource.postgresql.active=true} and the default
 * one is switched off ({@code quarkus.datasource.active=false}); one build serves both. Flyway migrates whichever is
 * active at start.
 */
@ApplicationScoped
public class JournalDatabase {
    /** The journal's database, whichever is configured. */
    @Qualifier
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
    public @interface Journal {
    }

    @Produces
    @Journal
    @ApplicationScoped
    DataSource journal(@ConfigProperty(name = "quarkus.datasource.postgresql.active", defaultValue = "false")
            boolean postgresql, InjectableInstance<AgroalDataSource> embedded,
            @io.quarkus.agroal.DataSource("postgresql") InjectableInstance<AgroalDataSource> shared) {
        return postgresql ? shared.get() : embedded.get();
    }
}
