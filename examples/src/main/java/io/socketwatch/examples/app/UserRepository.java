package io.socketwatch.examples.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads users from PostgreSQL. It is as good as the {@link DataSource} it gets: a pool such as HikariCP reuses a few
 * connections, while {@link DriverManagerDataSource} opens and closes one per query.
 */
public final class UserRepository {

    private final DataSource dataSource;

    public UserRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the {@code users} table with a few users, if absent. */
    public void createSchema() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement create = connection.prepareStatement(
                     "CREATE TABLE IF NOT EXISTS users (id INT PRIMARY KEY, name TEXT NOT NULL);"
                             + "INSERT INTO users VALUES (1, 'ada'), (2, 'grace'), (3, 'linus') ON CONFLICT DO NOTHING")) {
            create.execute();
        }
    }

    /**
     * Counts the users, but forgets to close its connection: with a pool, the connection is never returned; with
     * {@link DriverManagerDataSource}, it stays open on both sides.
     */
    public int countUsersLeakingTheConnection() throws SQLException {
        Connection connection = dataSource.getConnection();
        try (PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM users");
             ResultSet row = query.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    /** Returns the name of user {@code id}. */
    public Optional<String> findName(int id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT name FROM users WHERE id = ?")) {
            query.setInt(1, id);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }
}
