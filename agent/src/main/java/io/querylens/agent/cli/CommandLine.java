package io.querylens.agent.cli;

import io.querylens.agent.AgentVersion;
import java.io.PrintStream;
import java.util.Arrays;

/** {@code java -jar querylens-agent.jar <command> [arguments]}. */
public final class CommandLine {

  private CommandLine() {}

  public static int run(String[] args) {
    return run(args, System.out, System.err);
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
      usage(out);
      return args.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "fingerprint":
        return FingerprintCommand.run(rest, System.in, out, err);
      case "report":
        return ReportCommand.run(rest, out, err);
      case "baseline":
        return BaselineCommand.run(rest, out, err);
      case "version":
        out.println("QueryLens " + AgentVersion.get());
        return 0;
      default:
        err.println("querylens: unknown command '" + args[0] + "'");
        usage(err);
        return 2;
    }
  }

  private static void usage(PrintStream out) {
    out.println("QueryLens " + AgentVersion.get());
    out.println();
    out.println("Attach to an application:");
    out.println("  java -javaagent:querylens-agent.jar -jar app.jar");
    out.println();
    out.println("Commands:");
    out.println("  fingerprint 'SQL'         the fingerprint, normalized text, summary, operation");
    out.println("                            and tables of one statement");
    out.println(
        "  fingerprint --jsonl       the same for each JSON string line on standard input,");
    out.println("                            one JSON object per line on standard output");
    out.println("  report --url jdbc:postgresql://host:port/db [--user U] [--format text|json]");
    out.println("         [--wait 5s] [--top 20] [--standby jdbc:postgresql://replica/db]...");
    out.println(
        "                            sample the database twice, print the advisor's findings");
    out.println("                            (an index a standby's reads use is not dropped)");
    out.println("                            (password from PGPASSWORD or --password)");
    out.println("  baseline save --url jdbc:postgresql://... [--file querylens-baseline.json]");
    out.println("                            save each statement shape's calls and mean time");
    out.println("                            from pg_stat_statements");
    out.println("  baseline compare --url ... [--file F] [--format text|json] [--factor 2]");
    out.println("         [--min-increase 1ms] [--min-calls 100]");
    out.println(
        "                            the shapes whose mean (or p95) went up by the factor;");
    out.println("                            exit status 3 when there is one");
    out.println("  version                   the agent's version");
  }
}
