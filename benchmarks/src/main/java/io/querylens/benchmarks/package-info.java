/** Benchmarks: run by the README's documented commands, never by the test run. */
package io.querylens.benchmarks;
