package io.quantlab.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plain JDBC on one connection: parameters bound in order, rows mapped by a lambda. */
public final class Rows {
    private final Connection connection;

    Rows(Connection connection) {
        this.connection = connection;
    }

    @FunctionalInterface
    public interface Mapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    public <T> List<T> query(String sql, Mapper<T> mapper, Object... args) {
        try (PreparedStatement statement = prepare(sql, false, args); ResultSet rs = statement.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public <T> Optional<T> one(String sql, Mapper<T> mapper, Object... args) {
        List<T> rows = query(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public int update(String sql, Object... args) {
        try (PreparedStatement statement = prepare(sql, false, args)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Inserts one row and returns its generated {@code id}. */
    public long insert(String sql, Object... args) {
        try (PreparedStatement statement = prepare(sql, true, args)) {
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new StoreException(new SQLException("no generated key for: " + sql));
                }
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private PreparedStatement prepare(String sql, boolean returnKeys, Object... args) throws SQLException {
        PreparedStatement statement = returnKeys
                ? connection.prepareStatement(sql, new String[] {"id"})
                : connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            statement.setObject(i + 1, arg instanceof Instant instant ? Timestamp.from(instant) : arg);
        }
        return statement;
    }

    /** A nullable timestamp column as an Instant. */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp t = row.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** A nullable numeric column. */
    public static Double nullableDouble(ResultSet row, String column) throws SQLException {
        double v = row.getDouble(column);
        return row.wasNull() ? null : v;
    }
}
