using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Chronicle.Benchmarks.Provider;

/// <summary>
/// A summary column that turns the mean time per operation into a rate: rows/s when each
/// operation is one row (OperationsPerInvoke = rows per invocation), samples/s when multiplied by
/// the fields per row.
/// </summary>
internal sealed class ThroughputColumn(string name, double perOperation) : IColumn
{
    public string Id => nameof(ThroughputColumn) + name;
    public string ColumnName => name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => $"{name}: operations per second x {perOperation} (from the mean)";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (stats is null || stats.Mean <= 0) return "-";
        double perSecond = 1e9 / stats.Mean * perOperation; // Mean is in nanoseconds per operation
        return perSecond.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }
}
