package io.socketwatch.examples.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** The mistake: borrows a connection for every query and never closes it. */
public final class LeakyUserRepository {

    private final DataSource dataSource;

    public LeakyUserRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Returns the name of user {@code id}. */
    public Optional<String> findName(int id) throws SQLException {
        Connection connection = dataSource.getConnection(); // never closed
        PreparedStatement query = connection.prepareStatement("SELECT name FROM users WHERE id = ?");
        query.setInt(1, id);
        ResultSet row = query.executeQuery();
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
    }
}
