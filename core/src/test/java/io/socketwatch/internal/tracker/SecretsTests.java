package io.socketwatch.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTests {

    @Test
    void hidesPasswordsInQueriesPropertiesAndUserInfo() {
        assertThat(Secrets.redact("jdbc:postgresql://db:5432/app?user=app&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/app?user=app&password=***&ssl=true");
        assertThat(Secrets.redact("jdbc:sqlserver://db;user=app;Password=s3cret;encrypt=true"))
                .isEqualTo("jdbc:sqlserver://db;user=app;Password=***;encrypt=true");
        assertThat(Secrets.redact("jdbc:mysql://app:s3cret@db:3306/app")).isEqualTo("jdbc:mysql://app:***@db:3306/app");
        assertThat(Secrets.redact("jdbc:postgresql://db/app?password=s3cret (orders-pool)"))
                .isEqualTo("jdbc:postgresql://db/app?password=*** (orders-pool)");
    }

    @Test
    void leavesTargetsWithoutSecretsAlone() {
        assertThat(Secrets.redact("GET http://127.0.0.1:8080/orders")).isEqualTo("GET http://127.0.0.1:8080/orders");
        assertThat(Secrets.redact("{}->[http://localhost:8080]")).isEqualTo("{}->[http://localhost:8080]");
        assertThat(Secrets.redact(null)).isEqualTo("unknown");
    }
}
