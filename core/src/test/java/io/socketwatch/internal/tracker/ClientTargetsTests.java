package io.socketwatch.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.model.ClientResource.Kind;
import org.junit.jupiter.api.Test;

/** The texts read from real library objects are checked in {@code ClientResourceTests}; these are the others. */
class ClientTargetsTests {

    @Test
    void aJdbcUrlIsItsOwnTarget() {
        assertThat(ClientTargets.of(Kind.JDBC_CONNECTION, null, "jdbc:postgresql://db/app"))
                .isEqualTo("jdbc:postgresql://db/app");
    }

    @Test
    void anObjectOfAnotherLibraryVersionIsDescribedAsUnreadableInsteadOfThrowing() {
        assertThat(ClientTargets.of(Kind.OKHTTP_CALL, null, new Object()))
                .isEqualTo("(target unreadable: java.lang.NoSuchMethodException: java.lang.Object.request())");
    }

    @Test
    void aReactorNettyConnectionOfAnotherVersionIsDescribedAsUnreadableAndHasNoPoolMaximum() {
        assertThat(ClientTargets.of(Kind.REACTOR_NETTY_CONNECTION, new Object(), new Object()))
                .isEqualTo("(target unreadable: java.lang.NoSuchMethodException: java.lang.Object.poolable())");
        assertThat(ClientTargets.poolMaximumSize(Kind.REACTOR_NETTY_CONNECTION, new Object())).isEmpty();
        assertThat(ClientTargets.channelOf(Kind.REACTOR_NETTY_CONNECTION, new Object())).isNull();
    }

    @Test
    void aPoolWithoutUrlIsNamedByItsPoolName() {
        assertThat(ClientTargets.of(Kind.POOLED_JDBC_CONNECTION, null, new Pool())).isEqualTo("orders-pool");
    }

    /** Stands for a Hikari pool configured through a data source rather than a URL. */
    public static final class Pool {

        public String getJdbcUrl() {
            return null;
        }

        public String getPoolName() {
            return "orders-pool";
        }
    }
}
