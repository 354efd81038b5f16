package io.replikey.bench;

/**
 * The figures of one measured window of a closed-loop run: operations completed in the window,
 * failures (anywhere in the run), the window's length, throughput, nearest-rank latency
 * percentiles and CPU per operation, all in microseconds (whole process, server
 * threads, client threads; NaN where the JVM cannot tell), and the background load: cores' worth of
 * CPU that other processes used during the window (Linux only, from {@code /proc/stat}; NaN
 * elsewhere), which says whether the machine was quiet enough for the figures to mean anything.
 * An immutable value.
 */
public record LoadStats(int threads, long operations, long errors, String firstError, double seconds,
        double perSecond, double p50Micros, double p99Micros, double processCpuMicrosPerOp,
        double serverCpuMicrosPerOp, double clientCpuMicrosPerOp, double backgroundCores) {
}
