package io.routstr.gateway.bootstrap.reliability;

import io.routstr.gateway.persistence.TestPostgres;
import java.net.URI;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The PostgreSQL both nodes share: the test JVM's own (an embedded server, or a container where Docker runs), reached
 * over TCP. Nodes get it as Routstr's {@code DATABASE_URL}; the test reads the money tables directly.
 */
final class TestDatabase {

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final JdbcTemplate jdbc;

    private TestDatabase(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.jdbc = new JdbcTemplate(new DriverManagerDataSource(jdbcUrl, user, password));
    }

    static TestDatabase start() {
        Map<String, String> properties = TestPostgres.datasourceProperties();
        return new TestDatabase(
                properties.get("spring.datasource.url"),
                properties.get("spring.datasource.username"),
                properties.get("spring.datasource.password"));
    }

    /** A database on a server of the suite's own ({@link CrashablePostgres}). */
    static TestDatabase at(String jdbcUrl, String user, String password) {
        return new TestDatabase(jdbcUrl, user, password);
    }

    /**
     * A database of its own on the same server, named {@code name}: a suite that seeds providers (seeded only into an
     * empty table) or a wallet must not leave them to the next suite sharing the test JVM's database.
     */
    static TestDatabase fresh(String name) {
        TestDatabase shared = start();
        String database = name + "_" + Long.toHexString(System.nanoTime());
        shared.jdbc.execute("CREATE DATABASE " + database);
        URI uri = URI.create(shared.jdbcUrl.substring("jdbc:".length()));
        String url = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + "/" + database
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new TestDatabase(url, shared.user, shared.password);
    }

    /** Routstr's form, {@code postgresql://user:pass@host:port/db}, as operators set it. */
    String routstrUrl() {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        return "postgresql://" + user + ":" + password + "@" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }
}
