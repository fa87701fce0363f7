import ArgumentParser

/// `--json` for subcommands that can print machine-readable output.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false
}
