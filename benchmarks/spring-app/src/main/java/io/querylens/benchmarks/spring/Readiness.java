package io.querylens.benchmarks.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What the benchmark reads of this JVM: when it was ready and what it had spent by then, when its
 * first request was served, and its process CPU on demand (before and after the HTTP load).
 */
@Component
@RestController
class Readiness extends OncePerRequestFilter {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final AtomicBoolean served = new AtomicBoolean();

  @EventListener(ApplicationReadyEvent.class)
  void ready() {
    System.out.println(
        "READY uptime_ms="
            + ManagementFactory.getRuntimeMXBean().getUptime()
            + " process_cpu_ns="
            + OS.getProcessCpuTime());
    System.out.println("THREADS_CPU_MS " + ThreadGroupsCpu.describe());
  }

  @GetMapping("/bench/cpu")
  String processCpu() {
    return Long.toString(OS.getProcessCpuTime());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(request, response);
    if (!served.get() && served.compareAndSet(false, true)) {
      System.out.println(
          "FIRST_REQUEST uptime_ms="
              + ManagementFactory.getRuntimeMXBean().getUptime()
              + " process_cpu_ns="
              + OS.getProcessCpuTime());
    }
  }
}
