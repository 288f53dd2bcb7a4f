package io.routstr.gateway.persistence;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A test of the persistence adapter on the shared test PostgreSQL: the context of {@link PersistenceTestApplication},
 * which points itself at {@link TestPostgres}. A port's contract test becomes a PostgreSQL test by extending the
 * contract and carrying this annotation.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = PersistenceTestApplication.class)
public @interface PostgresAdapterTest {}
