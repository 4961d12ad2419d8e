/** Benchmarks: run by the commands docs/performance.md gives, never by the test run. */
package io.querylens.benchmarks;
