package io.replikey.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one operation in a closed loop on N threads (each thread: call, wait for the answer, call
 * again) for a warm-up and then a measured window, and reports throughput, latency percentiles
 * and CPU per operation.
 *
 * <p>Counting: an operation counts when it <em>completes</em> inside the window, whenever it
 * started; that estimates the steady-state rate without a bias at either edge. Latency is the
 * wall time of those same operations, so it includes client-side work (for HTTP rows, the JDK
 * client's TLS and parsing, in the same JVM as the server).
 *
 * <p>CPU: process CPU (all threads, GC and JIT included) divided by operations, plus the CPU of
 * Java threads split by name into server (Jetty's pool) and client (load threads and the JDK
 * HTTP client's threads). Threads that end inside the window lose their share, so the split is a
 * lower bound; it is meant to show which side dominates, not to account for every microsecond.
 * When the server is another process (cfssl), its whole CPU is the server share instead, and it is
 * not counted as background load.
 *
 * <p>Limits: latency samples are kept in memory (8 bytes each), fine for minutes at tens of
 * thousands of operations per second. Not thread-safe: one run at a time per instance (the
 * class is used through the static {@link #run} only).
 */
final class ClosedLoop {
    /** One call of the measured operation; returns null on success or a description of the failure. */
    @FunctionalInterface
    interface Operation {
        String call() throws Exception;
    }

    /** Creates a thread's operation (and whatever per-thread state it needs, e.g. its own client). */
    @FunctionalInterface
    interface OperationFactory {
        Operation create(int threadIndex) throws Exception;
    }

    private final int threads;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private volatile boolean stop;

    private ClosedLoop(int threads) {
        this.threads = threads;
    }

    /**
     * Runs the loop. Each thread's operation is created before the warm-up starts, so client
     * construction is never measured.
     *
     * @throws IllegalStateException when a thread's operation cannot be created
     */
    static LoadStats run(String threadName, int threads, Duration warmup, Duration window, OperationFactory factory)
            throws InterruptedException {
        return run(threadName, threads, warmup, window, factory, null);
    }

    /** As {@link #run(String, int, Duration, Duration, OperationFactory)}, against a server in process {@code server}. */
    static LoadStats run(String threadName, int threads, Duration warmup, Duration window, OperationFactory factory,
            ProcessHandle server) throws InterruptedException {
        return new ClosedLoop(threads).execute(threadName, warmup, window, factory, server);
    }

    private LoadStats execute(String threadName, Duration warmup, Duration window, OperationFactory factory,
            ProcessHandle externalServer) throws InterruptedException {
        Worker[] workers = new Worker[threads];
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> setupFailure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Worker worker = new Worker(i, factory, ready, go, setupFailure);
            workers[i] = worker;
            Thread thread = new Thread(worker, threadName + "-" + i);
            thread.setDaemon(true);
            thread.start();
            started.add(thread);
        }
        ready.await();
        if (setupFailure.get() != null) {
            stop = true;
            go.countDown();
            joinAll(started);
            throw new IllegalStateException("cannot set up the load threads", setupFailure.get());
        }
        go.countDown();
        sleep(warmup);
        CpuSample before = CpuSample.take(externalServer);
        windowStart = System.nanoTime();
        sleep(window);
        long end = System.nanoTime();
        windowEnd = end;
        CpuSample after = CpuSample.take(externalServer);
        stop = true;
        joinAll(started);

        int operations = 0;
        long errors = 0;
        String firstError = null;
        for (Worker worker : workers) {
            operations += worker.count;
            errors += worker.errors;
            if (firstError == null) {
                firstError = worker.firstError;
            }
        }
        long[] latencies = new long[operations];
        int filled = 0;
        for (Worker worker : workers) {
            System.arraycopy(worker.latencies, 0, latencies, filled, worker.count);
            filled += worker.count;
        }
        Arrays.sort(latencies);
        double seconds = (end - windowStart) / 1e9;
        // nanoseconds of CPU -> microseconds per operation
        double perOp = operations == 0 ? Double.NaN : 1.0 / operations / 1e3;
        double processCpu = before.process < 0 || after.process < 0 ? Double.NaN : after.process - before.process;
        double externalCpu = externalServer == null ? 0
                : before.external < 0 || after.external < 0 ? Double.NaN : after.external - before.external;
        return new LoadStats(threads, operations, errors, firstError, seconds, operations / seconds,
                percentile(latencies, 0.50) / 1e3, percentile(latencies, 0.99) / 1e3,
                processCpu * perOp,
                (externalServer == null ? CpuSample.delta(before.server, after.server) : externalCpu) * perOp,
                CpuSample.delta(before.client, after.client) * perOp,
                background(before, after, processCpu + externalCpu, end - windowStart));
    }

    /** Cores' worth of CPU used by other processes in the window, from the machine's busy time. */
    private static double background(CpuSample before, CpuSample after, double measuredCpuNanos, long windowNanos) {
        if (before.machineBusy < 0 || after.machineBusy < 0 || Double.isNaN(measuredCpuNanos)) {
            return Double.NaN;
        }
        double others = (after.machineBusy - before.machineBusy) - measuredCpuNanos;
        return Math.max(0, others) / windowNanos;
    }

    private static void sleep(Duration duration) throws InterruptedException {
        long millis = duration.toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            // An operation stuck on a dead server ends at the client's own request timeout (60 s).
            thread.join(Duration.ofSeconds(90).toMillis());
        }
    }

    /** Nearest-rank percentile of sorted nanosecond samples; NaN when there are none. */
    static double percentile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private final class Worker implements Runnable {
        private final int index;
        private final OperationFactory factory;
        private final CountDownLatch ready;
        private final CountDownLatch go;
        private final AtomicReference<Throwable> setupFailure;
        // Written only by this worker's thread; read by the coordinator after join().
        private long[] latencies = new long[4096];
        private int count;
        private long errors;
        private String firstError;

        Worker(int index, OperationFactory factory, CountDownLatch ready, CountDownLatch go,
                AtomicReference<Throwable> setupFailure) {
            this.index = index;
            this.factory = factory;
            this.ready = ready;
            this.go = go;
            this.setupFailure = setupFailure;
        }

        @Override
        public void run() {
            Operation operation;
            try {
                operation = factory.create(index);
            } catch (Throwable e) {
                setupFailure.compareAndSet(null, e);
                ready.countDown();
                return;
            }
            ready.countDown();
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            while (!stop) {
                long t0 = System.nanoTime();
                String failure;
                try {
                    failure = operation.call();
                } catch (Exception e) {
                    failure = e.toString();
                }
                long t1 = System.nanoTime();
                if (failure != null) {
                    errors++;
                    if (firstError == null) {
                        firstError = failure;
                    }
                    continue;
                }
                if (t1 >= windowStart && t1 <= windowEnd) {
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = t1 - t0;
                }
            }
        }
    }

    /**
     * CPU time of the machine (all processes; -1 when unknown), of this process, of Java threads
     * grouped by role, and of an external server process (-1 when unknown or none), in nanoseconds.
     */
    private record CpuSample(long machineBusy, long process, Map<Long, Long> server, Map<Long, Long> client,
            long external) {
        /** Linux reports /proc/stat in USER_HZ ticks, which is 100 on every architecture it runs on. */
        private static final long NANOS_PER_TICK = 10_000_000L;

        static CpuSample take(ProcessHandle externalServer) {
            var threadBean = ManagementFactory.getThreadMXBean();
            Map<Long, Long> server = new HashMap<>();
            Map<Long, Long> client = new HashMap<>();
            long[] ids = threadBean.getAllThreadIds();
            ThreadInfo[] infos = threadBean.getThreadInfo(ids);
            for (ThreadInfo info : infos) {
                if (info == null) {
                    continue;
                }
                long cpu = threadBean.isThreadCpuTimeSupported() ? threadBean.getThreadCpuTime(info.getThreadId()) : -1;
                if (cpu < 0) {
                    continue;
                }
                String name = info.getThreadName();
                if (name.startsWith("JettyServerThreadPool") || name.startsWith("qtp")) {
                    server.put(info.getThreadId(), cpu);
                } else if (name.startsWith("bench-") || name.startsWith("HttpClient-")) {
                    client.put(info.getThreadId(), cpu);
                }
            }
            long process = processCpuNanos();
            long external = externalServer == null ? -1 : externalServer.info().totalCpuDuration()
                    .map(java.time.Duration::toNanos).orElse(-1L);
            return new CpuSample(readMachineBusy(), process, server, client, external);
        }

        /** user + nice + system + irq + softirq of the aggregate "cpu" line of /proc/stat, or -1. */
        private static long readMachineBusy() {
            try {
                String first = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0);
                String[] f = first.trim().split("\\s+");
                if (!f[0].equals("cpu") || f.length < 8) {
                    return -1;
                }
                long ticks = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
                        + Long.parseLong(f[6]) + Long.parseLong(f[7]);
                return ticks * NANOS_PER_TICK;
            } catch (java.io.IOException | RuntimeException e) {
                return -1;
            }
        }

        /** CPU used between two samples by the threads alive at the second (new threads count from 0). */
        static long delta(Map<Long, Long> before, Map<Long, Long> after) {
            long sum = 0;
            for (Map.Entry<Long, Long> entry : after.entrySet()) {
                sum += entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
            }
            return sum;
        }
    }

    /** This JVM's CPU time in nanoseconds, or -1 where the JVM does not report it. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }
}
