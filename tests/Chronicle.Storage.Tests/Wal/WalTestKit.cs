using System.Buffers.Binary;
using Chronicle.Storage.Tests.Faults;
using Chronicle.Storage.Wal;

namespace Chronicle.Storage.Tests.Wal;

/// <summary>Shared set-up of the WAL tests: a fault file system rooted at /db and numbered payloads.</summary>
internal static class WalTestKit
{
    public const string Root = "/db";

    public static FaultInjectingFileSystem NewFs()
    {
        var fs = new FaultInjectingFileSystem();
        fs.CreateDirectory(Root);
        return fs;
    }

    public static WalOptions Options(SyncMode mode = SyncMode.Always, long maxFileSize = 1 << 20, TimeSpan? interval = null) =>
        new(mode, interval ?? TimeSpan.FromHours(1), maxFileSize);

    public static WriteAheadLog Open(FaultInjectingFileSystem fs, WalOptions? options = null) =>
        WriteAheadLog.Open(fs, Root, options ?? Options(), out _);

    public static string FilePath(long sequence) => $"{Root}/wal/{sequence:x16}.wal";

    /// <summary>Payload of record <paramref name="index"/>: the index, then 0..60 bytes derived from it (never an all-zero run of a sector).</summary>
    public static byte[] Payload(int index)
    {
        var rng = new Random(index);
        var p = new byte[8 + rng.Next(0, 61)];
        BinaryPrimitives.WriteInt64LittleEndian(p, index);
        for (int i = 8; i < p.Length; i++) p[i] = (byte)rng.Next(1, 256);
        return p;
    }

    /// <summary>The indices of replayed Samples records, checking each payload is exactly what was appended.</summary>
    public static List<int> ReplayIndices(WriteAheadLog wal)
    {
        var result = new List<int>();
        foreach (var r in wal.ReadForReplay())
        {
            if (r.Type != WalRecordType.Samples) continue;
            int index = (int)BinaryPrimitives.ReadInt64LittleEndian(r.Payload.Span);
            Assert.Equal(Payload(index), r.Payload.ToArray());
            result.Add(index);
        }
        return result;
    }

    public static async Task<List<WalPosition>> AppendRange(WriteAheadLog wal, int from, int count)
    {
        var positions = new List<WalPosition>();
        for (int i = from; i < from + count; i++) positions.Add(await wal.AppendAsync(WalRecordType.Samples, Payload(i)));
        return positions;
    }
}
