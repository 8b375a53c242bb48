package coffer.gateway;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code coffer admin blobs ...}: offline work on an installation's blobs. Unlike the other admin commands it does
 * not talk to the admin API: it opens the installation's data directory and catalog itself, with the gateway
 * stopped (docs/operations.md, "Moving local blobs to an S3 store"). Added to {@code admin} by {@link Main}.
 */
@Command(name = "blobs", mixinStandardHelpOptions = true,
        description = "Offline work on the installation's blobs (the gateway stopped).",
        subcommands = {MigrateBlobsCommand.class})
final class BlobsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
