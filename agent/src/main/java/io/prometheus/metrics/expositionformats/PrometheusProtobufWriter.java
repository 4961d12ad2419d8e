package io.prometheus.metrics.expositionformats;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.OutputStream;

/**
 * Stands in for the Prometheus client's protobuf writer, which the agent jar leaves out (2 MB of
 * protobuf for one optional format). The client's own stand-in claims any request that accepts
 * protobuf and then fails it with HTTP 500, so a Prometheus with native histograms on could not
 * scrape at all; this one accepts nothing, and such a scrape gets the text format it also accepts.
 * The shade step puts it in place of the client's class (agent/pom.xml).
 */
public class PrometheusProtobufWriter implements ExpositionFormatWriter {

  public static final String CONTENT_TYPE =
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

  @Override
  public boolean accepts(String acceptHeader) {
    return false;
  }

  @Override
  public String getContentType() {
    return CONTENT_TYPE;
  }

  @Override
  public boolean isAvailable() {
    return false;
  }

  @Override
  public void write(OutputStream out, MetricSnapshots metricSnapshots, EscapingScheme scheme) {
    throw new UnsupportedOperationException("the QueryLens agent serves no protobuf format");
  }
}
