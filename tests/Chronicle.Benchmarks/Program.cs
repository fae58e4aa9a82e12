using BenchmarkDotNet.Running;
using Chronicle.Benchmarks.Storage;

if (args.Length > 0 && args[0] == "storage-report")
{
    await StorageReport.RunAsync(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point: pick suites with --filter, e.g. --filter *Chunk* --job short; or <c>storage-report</c> for the one-shot storage figures.</summary>
public partial class Program;
