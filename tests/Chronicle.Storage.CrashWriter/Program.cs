// The crash harness's writer: opens a database, writes until it is killed, and records every
// acknowledged write in an append-only log (one write call per line, so a kill -9 keeps every
// line the process wrote). The test reopens the database and checks every acknowledged sample.
//
// usage: Chronicle.Storage.CrashWriter <directory> <ack-file> <Always|Interval> <seed> [samples|catalog]
using System.Globalization;
using System.Text;
using Chronicle.Storage;
using Chronicle.Storage.Catalog;
using Chronicle.Storage.Writing;

string directory = args[0];
string ackPath = args[1];
var mode = Enum.Parse<SyncMode>(args[2]);
int seed = int.Parse(args[3], CultureInfo.InvariantCulture);
string scenario = args.Length > 4 ? args[4] : "samples";

var options = new StorageOptions
{
    SyncMode = mode,
    WalSyncInterval = TimeSpan.FromMilliseconds(200),
    ChunkSize = 16,
    CompactionThreshold = 2,
    FlushInterval = TimeSpan.Zero,
    WalMaxSize = 64 * 1024,
};
var engine = StorageEngine.Open(directory, options);
engine.CreateTable(CrashSchema.Table, ifNotExists: true);
using var ack = new FileStream(ackPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
var ackLock = new object();
void Ack(string line)
{
    var bytes = Encoding.ASCII.GetBytes(line + "\n");
    lock (ackLock) ack.Write(bytes); // bufferSize 1: one write call, reaches the OS before we go on
}
Console.WriteLine("ready");

if (scenario == "catalog")
{
    // Create series one at a time; each is acknowledged by the catalog, then the process may die
    // before any WAL record names it.
    var rng = new Random(seed);
    for (int i = 0; ; i++)
    {
        string host = $"h{seed}-{i}";
        var key = new SeriesKey("crash", TagSet.Create([new("writer", host)]), "value");
        var ids = new long[1];
        engine.GetOrCreateSeries([key], ids);
        Ack($"series {host} {ids[0]}");
        if (rng.Next(4) == 0) Environment.FailFast("crash between the catalog commit and the WAL record");
    }
}

// Four writers, each with its own series and strictly increasing timestamps; the value is a
// function of (writer, timestamp) so the checker knows what it must find.
var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
{
    var rng = new Random(seed * 31 + w);
    var key = new SeriesKey("crash", TagSet.Create([new("writer", "w" + w)]), "value");
    var ids = new long[1];
    engine.GetOrCreateSeries([key], ids);
    long t = 0;
    var batch = new SampleBatch();
    for (int n = 0; ; n++)
    {
        batch.Clear();
        int count = 1 + rng.Next(50);
        long first = t;
        for (int i = 0; i < count; i++, t++) batch.Append(ids[0], t, CrashSchema.ValueOf(w, t));
        await engine.WriteAsync(batch);
        Ack($"ack {w} {first} {count}");
        if (w == 0 && n % 40 == 39) await engine.FlushAsync(); // crash points inside flush and compaction too
    }
})).ToArray();
await Task.WhenAll(writers);

static class CrashSchema
{
    public static TableSchema Table { get; } = new("crash",
    [
        new ColumnSchema("time", ColumnRole.Time, FieldType.BigInt),
        new ColumnSchema("writer", ColumnRole.Tag, FieldType.VarChar),
        new ColumnSchema("value", ColumnRole.Field, FieldType.Double),
    ]);

    public static double ValueOf(int writer, long t) => writer * 1_000_000.0 + t * 0.5;
}
