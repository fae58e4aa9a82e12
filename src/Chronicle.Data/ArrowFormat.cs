namespace Chronicle.Data;

/// <summary>
/// The Apache Arrow IPC format that <see cref="ChronicleCommand.ExecuteArrowAsync"/> writes
/// (see <c>docs/arrow.md</c>).
/// </summary>
public enum ArrowFormat
{
    /// <summary>The streaming format: a schema message, dictionary and record batches, an end-of-stream marker. Needs no seeking; suits sockets and pipes.</summary>
    Stream,

    /// <summary>The file format (<c>.arrow</c>, Feather v2): the stream between <c>ARROW1</c> magic bytes, plus a footer indexing the batches for random access.</summary>
    File,
}
