using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point: pick suites with --filter, e.g. --filter *Chunk* --job short.</summary>
public partial class Program;
