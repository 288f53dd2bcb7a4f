package io.routstr.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevDatabaseTest {

    @TempDir
    Path dataDirectory;

    @Test
    void aSecondStartFindsTheDataOfTheFirst() throws Exception {
        try (EmbeddedPostgres first = DevGatewayApplication.startEmbedded(dataDirectory);
                Connection connection = first.getPostgresDatabase().getConnection()) {
            connection.createStatement().execute("CREATE TABLE kept (value text)");
            connection.createStatement().execute("INSERT INTO kept VALUES ('still here')");
        }

        try (EmbeddedPostgres second = DevGatewayApplication.startEmbedded(dataDirectory);
                Connection connection = second.getPostgresDatabase().getConnection();
                ResultSet rows = connection.createStatement().executeQuery("SELECT value FROM kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
        }
    }
}
