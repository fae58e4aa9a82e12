using System.Runtime.CompilerServices;
using Chronicle.Sql.Planning;
using Chronicle.Sql.Syntax;
using Chronicle.Storage;
using Chronicle.Storage.Catalog;

namespace Chronicle.Sql.Execution;

/// <summary>
/// The bound and planned form of each SELECT a database has run, kept beside its syntax tree: the
/// parse cache hands out the same tree for the same text, so running a text again skips binding and
/// planning. A plan is kept only when it depends on the text alone (no parameter, no now()), and is
/// reused only while the table it reads is the same object (a dropped and recreated table is a new
/// one) and the pushdown setting is unchanged. Plans are immutable; operators are built anew for
/// each execution. Entries live as long as their tree (a weak table): the parse cache's eviction
/// frees them. Thread-safe.
/// </summary>
internal sealed class PlanCache
{
    private readonly ConditionalWeakTable<SelectStatement, Entry> _plans = new();

    /// <summary>
    /// The plan of <paramref name="statement"/>: the cached one when still valid, else
    /// <paramref name="plan"/>() (cached when <paramref name="binder"/> used no execution values).
    /// </summary>
    /// <param name="statement">The parsed SELECT (its identity is the key).</param>
    /// <param name="binder">The binder <paramref name="plan"/> uses.</param>
    /// <param name="findTable">The current table of a name.</param>
    /// <param name="pushdown">Whether aggregate pushdown is allowed now.</param>
    /// <param name="plan">Binds and plans the statement.</param>
    /// <exception cref="ChronicleSqlException">From <paramref name="plan"/>; errors are not cached.</exception>
    public SelectPlan GetOrPlan(SelectStatement statement, Binder binder, Func<string, TableSchema?> findTable, bool pushdown, Func<SelectPlan> plan)
    {
        if (_plans.TryGetValue(statement, out var hit) && hit.Pushdown == pushdown
            && (statement.From is null || ReferenceEquals(findTable(statement.From.Name), hit.Table)))
            return hit.Plan;
        return Store(statement, binder, plan(), pushdown);
    }

    /// <summary>
    /// <see cref="GetOrPlan"/>'s lookup alone, without delegates (the executor's path: a hit
    /// allocates nothing): the cached plan of <paramref name="statement"/> when still valid for
    /// the tables of <paramref name="storage"/> and <paramref name="pushdown"/>, else null.
    /// </summary>
    public SelectPlan? TryGet(SelectStatement statement, StorageEngine storage, bool pushdown) =>
        _plans.TryGetValue(statement, out var hit) && hit.Pushdown == pushdown
        && (statement.From is null || ReferenceEquals(storage.GetTable(statement.From.Name), hit.Table))
            ? hit.Plan
            : null;

    /// <summary>Keeps <paramref name="fresh"/> as the plan of <paramref name="statement"/> when <paramref name="binder"/> (which bound it) used no execution values; returns it.</summary>
    public SelectPlan Store(SelectStatement statement, Binder binder, SelectPlan fresh, bool pushdown)
    {
        if (!binder.UsedExecutionValues) _plans.AddOrUpdate(statement, new Entry(fresh, fresh.Scan?.Table, pushdown));
        return fresh;
    }

    /// <summary>The plans kept now (for tests).</summary>
    internal IEnumerable<SelectPlan> Plans => _plans.Select(p => p.Value.Plan);

    private sealed record Entry(SelectPlan Plan, TableSchema? Table, bool Pushdown);
}
