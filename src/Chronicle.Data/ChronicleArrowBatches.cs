using Chronicle.Arrow;
using Chronicle.Data.Arrow;

namespace Chronicle.Data;

/// <summary>
/// The rows of a command's first query as Arrow record batches, from
/// <see cref="ChronicleCommand.ExecuteArrowBatchesAsync"/>. The command runs on first use
/// (<see cref="GetSchemaAsync"/> or the first <c>MoveNextAsync</c>) and holds its connection until
/// the enumeration ends or this object (or its enumerator) is disposed. Enumerable once.
/// </summary>
/// <example>
/// <code>
/// await using var batches = command.ExecuteArrowBatchesAsync(token);
/// ArrowSchema schema = await batches.GetSchemaAsync();
/// await foreach (ArrowRecordBatch batch in batches) { ... }
/// </code>
/// </example>
public sealed class ChronicleArrowBatches : IAsyncEnumerable<ArrowRecordBatch>, IAsyncDisposable
{
    private readonly ChronicleCommand _command;
    private readonly CancellationToken _token;
    private ChronicleDataReader? _reader;
    private ArrowBatchConverter? _converter;
    private bool _enumerated;
    private bool _done;

    internal ChronicleArrowBatches(ChronicleCommand command, CancellationToken cancellationToken)
    {
        _command = command;
        _token = cancellationToken;
    }

    /// <summary>The Arrow schema once the command has run; null before.</summary>
    public ArrowSchema? Schema => _converter?.Schema;

    /// <summary>Runs the command if it has not run yet and returns the schema of its result.</summary>
    /// <exception cref="InvalidOperationException">No open connection, no text, a reader is open, the command has no query, or the batches were already consumed.</exception>
    /// <exception cref="ChronicleException">Bad SQL, a storage error, a timeout or Cancel().</exception>
    public async ValueTask<ArrowSchema> GetSchemaAsync()
    {
        await StartAsync().ConfigureAwait(false);
        return _converter!.Schema;
    }

    private async ValueTask StartAsync()
    {
        if (_converter is not null) return;
        if (_done) throw new InvalidOperationException("The Arrow batches were already consumed or disposed; execute the command again.");
        _reader = await _command.ExecuteReaderForArrowAsync(async: true, _token).ConfigureAwait(false);
        _converter = new ArrowBatchConverter(_reader.ResultColumns);
    }

    /// <summary>Enumerates the record batches (once), checking <paramref name="cancellationToken"/> between batches.</summary>
    /// <exception cref="InvalidOperationException">Enumerated a second time.</exception>
    public async IAsyncEnumerator<ArrowRecordBatch> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (_enumerated) throw new InvalidOperationException("ChronicleArrowBatches can be enumerated once; execute the command again.");
        _enumerated = true;
        try
        {
            await StartAsync().ConfigureAwait(false);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = await _reader!.ReadBatchCoreAsync(async: true).ConfigureAwait(false);
                if (batch is null) yield break;
                yield return _converter!.Convert(batch);
            }
        }
        finally
        {
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Ends the execution (runs the statements after the query, unless it failed or was cancelled) and releases the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _done = true;
        var reader = _reader;
        _reader = null;
        if (reader is not null) await reader.CloseCoreAsync(async: true).ConfigureAwait(false);
    }
}
