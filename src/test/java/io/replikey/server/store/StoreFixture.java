package io.replikey.server.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every store contract needs: a new, empty database of one dialect per test (each subclass
 * pair supplies them), further server nodes on it, and callers released at one instant.
 */
abstract class StoreFixture {
    /** Epoch seconds past 2^31, so a column that silently narrows to 32 bits is caught. */
    static final long T0 = 4_102_444_800L;
    static final int CONCURRENT_CALLERS = 16;

    private final List<Store> openStores = new ArrayList<>();
    private final Random random = new Random();
    private String databaseUrl;
    Store store;

    /** A JDBC URL of a new, empty database that no other test uses. */
    abstract String newEmptyDatabase() throws Exception;

    abstract Dialect expectedDialect();

    @BeforeEach
    void openStoreOnEmptyDatabase() throws Exception {
        databaseUrl = newEmptyDatabase();
        store = openNode();
    }

    @AfterEach
    void closeStores() {
        openStores.forEach(Store::close);
    }

    /** Another server node on the same database: its own pool, nothing shared in memory. */
    Store openNode() {
        Store node = Store.open(databaseUrl, null, null);
        openStores.add(node);
        return node;
    }

    /**
     * Runs one statement on its own connection (with the driver settings a node uses), bypassing
     * the DAOs as a buggy or hostile caller would: what the schema itself enforces.
     */
    int executeRaw(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(databaseUrl, expectedDialect().driverProperties());
                Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    /**
     * Runs {@link #CONCURRENT_CALLERS} calls released at the same instant and returns their results
     * in call order. A call that throws fails the test: the store must decide races itself.
     */
    <T> List<T> concurrently(IntFunction<Callable<T>> call) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_CALLERS);
        try {
            CountDownLatch ready = new CountDownLatch(CONCURRENT_CALLERS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < CONCURRENT_CALLERS; i++) {
                Callable<T> work = call.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return work.call();
                }));
            }
            ready.await();
            go.countDown();

            List<T> results = new ArrayList<>();
            AssertionError failure = null;
            for (Future<T> future : futures) {
                try {
                    results.add(future.get(2, TimeUnit.MINUTES));
                } catch (ExecutionException | TimeoutException e) {
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    if (failure == null) {
                        failure = new AssertionError("a concurrent store call failed instead of returning", cause);
                    } else {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Random bytes with zeros at both ends and in the middle, where C-string handling would cut them. */
    byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        bytes[0] = 0;
        bytes[length / 2] = 0;
        bytes[length - 1] = 0;
        return bytes;
    }

    static byte[] everyByteValue() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }
}
