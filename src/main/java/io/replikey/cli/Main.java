package io.replikey.cli;

import io.replikey.bench.BenchCommand;
import io.replikey.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code replikey} command line. */
@Command(name = "replikey", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Key-management server speaking the Fortanix DSM REST API for account replication.",
        subcommands = {ServeCommand.class, BenchCommand.class, DemoCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Reports the jar's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"replikey " + io.replikey.server.ReplikeyServer.version()};
        }
    }
}
