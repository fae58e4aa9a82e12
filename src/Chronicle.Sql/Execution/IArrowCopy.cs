using Chronicle.Sql.Syntax;
using Chronicle.Storage.Catalog;

namespace Chronicle.Sql.Execution;

/// <summary>
/// Executes <c>COPY ... FORMAT ARROW</c>. The SQL layer does not depend on the Arrow library, so
/// the ADO.NET provider installs an implementation in <see cref="SqlDatabase.ArrowCopy"/>; while
/// none is installed such statements fail with "COPY ... FORMAT ARROW is executed by the ADO.NET provider".
/// </summary>
internal interface IArrowCopy
{
    /// <summary>Writes the rows of <paramref name="rows"/> to an Arrow IPC file at <paramref name="path"/>; returns the rows written. Disposes <paramref name="rows"/>.</summary>
    int Export(QueryResult rows, string path, CancellationToken cancellationToken);

    /// <summary>
    /// Reads an Arrow IPC file into <paramref name="table"/>; returns the rows imported. Write pending rows
    /// with <see cref="SqlSession.WritePendingAsync"/> so an open transaction receives them.
    /// </summary>
    ValueTask<int> ImportAsync(SqlSession session, TableSchema table, string path, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the rows of <paramref name="rows"/> to <paramref name="path"/> in the Arrow IPC file
    /// (<see cref="CopyFormat.Arrow"/>) or stream (<see cref="CopyFormat.ArrowStream"/>) format; returns
    /// the rows written. Disposes <paramref name="rows"/>. By default the file format is written.
    /// </summary>
    int Export(QueryResult rows, string path, CopyFormat format, CancellationToken cancellationToken) => Export(rows, path, cancellationToken);

    /// <summary>
    /// Reads the Arrow file or stream of <paramref name="statement"/> into <paramref name="table"/>
    /// honouring its options (<see cref="CopyFromStatement.TimeColumn"/>, <see cref="CopyFromStatement.NumberRows"/>);
    /// returns the rows imported. By default the options are ignored.
    /// </summary>
    ValueTask<int> ImportAsync(SqlSession session, TableSchema table, CopyFromStatement statement, CancellationToken cancellationToken) =>
        ImportAsync(session, table, statement.Path, cancellationToken);
}
