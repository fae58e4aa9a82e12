using Chronicle.Sql.Execution;
using Chronicle.Sql.Syntax;
using Chronicle.Storage.Catalog;

namespace Chronicle.Data.Arrow;

/// <summary>
/// The provider's implementation of <c>COPY ... FORMAT ARROW</c> / <c>ARROW_STREAM</c>, installed on
/// every <see cref="SqlDatabase"/> the provider opens: export through <see cref="ArrowExport"/>,
/// import through <see cref="ArrowImport"/>.
/// </summary>
internal sealed class ArrowCopyHandler : IArrowCopy
{
    /// <summary>The one (stateless) instance.</summary>
    public static ArrowCopyHandler Instance { get; } = new();

    /// <inheritdoc/>
    public int Export(QueryResult rows, string path, CancellationToken cancellationToken) => Export(rows, path, CopyFormat.Arrow, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>The file is written in place and deleted if the export fails.</remarks>
    public int Export(QueryResult rows, string path, CopyFormat format, CancellationToken cancellationToken)
    {
        using (rows)
        {
            try
            {
                long written;
                using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    written = ArrowExport.WriteAsync(stream, format == CopyFormat.ArrowStream ? ArrowFormat.Stream : ArrowFormat.File, rows.Columns,
                        async => async ? rows.ReadBatchAsync(cancellationToken) : ValueTask.FromResult(rows.ReadBatch(cancellationToken)),
                        async: false, cancellationToken).GetAwaiter().GetResult();
                }
                return (int)Math.Min(written, int.MaxValue);
            }
            catch
            {
                try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                throw;
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<int> ImportAsync(SqlSession session, TableSchema table, string path, CancellationToken cancellationToken) =>
        ArrowImport.ImportAsync(session, table, new CopyFromStatement(table.Name, path, CopyFormat.Arrow), cancellationToken);

    /// <inheritdoc/>
    public ValueTask<int> ImportAsync(SqlSession session, TableSchema table, CopyFromStatement statement, CancellationToken cancellationToken) =>
        ArrowImport.ImportAsync(session, table, statement, cancellationToken);
}
