using System.Buffers.Binary;

namespace Chronicle.Tsbs.Workload;

/// <summary>
/// Writes the workload to a flat binary file that the DuckDB child process (duckdb/server.mjs)
/// feeds to DuckDB's appender. Layout per row, little-endian, 92 bytes, no header:
/// <c>int64 time (ns) | int32 host index | 10 x float64 fields (CpuRow.FieldNames order)</c>.
/// </summary>
public static class BinaryRowFile
{
    /// <summary>Bytes per row (8 + 4 + 10 x 8).</summary>
    public const int RowBytes = 8 + 4 + (CpuRow.FieldCount * 8);

    /// <summary>Writes every row of <paramref name="workload"/> to <paramref name="path"/>; returns the row count.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static long Write(CpuWorkload workload, string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var row = new byte[RowBytes];
        long rows = 0;
        foreach (var batch in workload.Batches())
        {
            for (var i = 0; i < batch.Count; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(row, batch.TimeNs[i]);
                BinaryPrimitives.WriteInt32LittleEndian(row.AsSpan(8), batch.HostIndex[i]);
                for (var f = 0; f < CpuRow.FieldCount; f++)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(row.AsSpan(12 + (f * 8)), batch.Fields[f][i]);
                }

                stream.Write(row);
            }

            rows += batch.Count;
        }

        return rows;
    }
}
