using Chronicle.Storage;

namespace Chronicle.Sql.Execution;

/// <summary>The SQL layer over one opened <see cref="StorageEngine"/>; thread-safe. Sessions are cheap.</summary>
public sealed class SqlDatabase
{
    /// <summary>Wraps an open engine (not owned: the caller disposes it).</summary>
    public SqlDatabase(StorageEngine storage) => Storage = storage;

    /// <summary>The engine underneath.</summary>
    public StorageEngine Storage { get; }

    /// <summary>Whether aggregates may be folded from chunk summaries (on by default; off only to measure or test the row path).</summary>
    internal bool AggregatePushdown { get; set; } = true;

    /// <summary>Plans of the SELECTs run, by syntax tree.</summary>
    internal PlanCache Plans { get; } = new();

    /// <summary>The COPY ... FORMAT ARROW implementation installed by the provider, or null.</summary>
    internal IArrowCopy? ArrowCopy { get; set; }

    /// <summary>Opens a session: a statement context with its own transaction state.</summary>
    public SqlSession OpenSession() => new(this);
}
