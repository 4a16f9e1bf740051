package io.quantlab.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pool and the schema. Single statements run in auto-commit through
 * {@link #query}, {@link #update}, {@link #insert}; anything that must land together goes
 * through {@link #transaction}.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    /** Opens the pool and brings the schema up to date with the SQL files in {@code migrations}. */
    public static Database open(String url, String user, String password, Path migrations) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(12);
        config.setPoolName("quantlab");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("filesystem:" + migrations.toAbsolutePath())
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool);
    }

    public DataSource dataSource() {
        return pool;
    }

    public <T> List<T> query(String sql, Rows.Mapper<T> mapper, Object... args) {
        return withConnection(c -> new Rows(c).query(sql, mapper, args));
    }

    public <T> Optional<T> one(String sql, Rows.Mapper<T> mapper, Object... args) {
        return withConnection(c -> new Rows(c).one(sql, mapper, args));
    }

    public int update(String sql, Object... args) {
        return withConnection(c -> new Rows(c).update(sql, args));
    }

    public long insert(String sql, Object... args) {
        return withConnection(c -> new Rows(c).insert(sql, args));
    }

    /** Runs {@code work} in one transaction: everything it wrote lands, or nothing does. */
    public <T> T transaction(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(new Rows(c));
                c.commit();
                return result;
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** True when a trivial query answers. */
    public boolean healthy() {
        try {
            return one("SELECT 1", r -> r.getInt(1)).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    public String productName() {
        return withConnection(c -> c.getMetaData().getDatabaseProductName() + " "
                + c.getMetaData().getDatabaseProductVersion());
    }

    private interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(ConnectionWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Rows rows) throws SQLException;
    }

    @Override
    public void close() {
        pool.close();
    }
}
