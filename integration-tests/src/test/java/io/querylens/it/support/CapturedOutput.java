package io.querylens.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.time.Duration;

/**
 * Everything a process writes to one of its pipes, read by a daemon thread from the start so the
 * child never blocks on a full pipe, and searchable while the process still runs.
 */
final class CapturedOutput {

  private final StringBuilder text = new StringBuilder();
  private final Thread reader;
  private boolean ended;

  CapturedOutput(InputStream pipe, Charset charset, String threadName) {
    reader = new Thread(() -> drain(pipe, charset), threadName);
    reader.setDaemon(true);
    reader.start();
  }

  private void drain(InputStream pipe, Charset charset) {
    char[] buffer = new char[8192];
    try (Reader in = new InputStreamReader(pipe, charset)) {
      int read;
      while ((read = in.read(buffer)) != -1) {
        synchronized (this) {
          text.append(buffer, 0, read);
          notifyAll();
        }
      }
    } catch (IOException e) {
      // The pipe closes when the process is killed; what was read so far is all there is.
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  synchronized String text() {
    return text.toString();
  }

  /** Waits until the pipe is closed (the process exited) and everything was read. */
  String awaitEnd(Duration timeout) {
    try {
      reader.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return text();
  }

  synchronized boolean contains(String substring) {
    return text.indexOf(substring) >= 0;
  }

  synchronized boolean ended() {
    return ended;
  }
}
