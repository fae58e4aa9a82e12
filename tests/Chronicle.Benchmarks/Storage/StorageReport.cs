using System.Diagnostics;
using System.Globalization;
using Chronicle.Benchmarks.Encoding;
using Chronicle.Storage;
using Chronicle.Storage.Catalog;
using Chronicle.Storage.Writing;

namespace Chronicle.Benchmarks.Storage;

/// <summary>
/// One-shot measurements of the storage engine against the targets of the storage issue, timed
/// with a <see cref="Stopwatch"/> (medians of a few rounds), printed as text. Run:
/// <c>dotnet run -c Release --project tests/Chronicle.Benchmarks -- storage-report [ingest] [commit] [replay] [bytes] [memory]</c>
/// (no section names: all of them). Diagnostics: <c>sqlite-probe</c> times bare SQLite inserts three
/// ways; the environment variables <c>CHRONICLE_INGEST_BREAKDOWN=1</c> and <c>CHRONICLE_REPLAY_BREAKDOWN=1</c>
/// add timings of the parts of the write path and of replay.
/// </summary>
/// <remarks>
/// Sections: engine ingest of columnar batches (Interval mode), group commit of 64 single-row
/// writers (Always mode), WAL replay at reopen after a 128 MiB WAL, bytes per sample in segments
/// after a flush (TSBS-like and the Seattle hourly normals), and heap bytes per active series with
/// 1 M series plus the rate of creating them. Every figure is printed with the load average.
/// </remarks>
public static class StorageReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Runs the sections named in <paramref name="sections"/> (all when empty).</summary>
    public static async Task RunAsync(string[] sections)
    {
        bool all = sections.Length == 0;
        bool Want(string s) => all || sections.Contains(s, StringComparer.OrdinalIgnoreCase);
        Print($"storage report, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        if (Want("ingest")) await IngestAsync();
        if (Want("commit")) await GroupCommitAsync();
        if (Want("replay")) await ReplayAsync();
        if (Want("bytes")) await BytesPerSampleAsync();
        if (Want("memory")) await MemoryAsync();
        if (sections.Contains("sqlite-probe")) SqliteProbe();
    }

    private static void Print(string line) => Console.WriteLine(line);

    private static string Load() => File.Exists("/proc/loadavg") ? "load " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "load n/a";

    private static double Median(List<double> xs)
    {
        xs.Sort();
        return xs.Count % 2 == 1 ? xs[xs.Count / 2] : (xs[xs.Count / 2 - 1] + xs[xs.Count / 2]) / 2;
    }

    private static TimeSpan CpuTime() => Process.GetCurrentProcess().TotalProcessorTime;

    private static string M(double perSecond) => (perSecond / 1e6).ToString("0.00", Inv) + " M/s";

    /// <summary>Target 1: columnar batches of 1,000 series x 100 samples, Interval mode, no flush during the run.</summary>
    private static async Task IngestAsync()
    {
        const int Hosts = 100, Batches = 40, PerSeries = 100;
        var rates = new List<double>();
        var cpuRates = new List<double>();
        for (int round = 0; round < 5; round++)
        {
            string dir = StorageFixtures.TempDirectory("ingest");
            try
            {
                var options = new StorageOptions { SyncMode = SyncMode.Interval, BufferSize = long.MaxValue, FlushInterval = TimeSpan.Zero, BackgroundCompaction = false };
                var engine = StorageEngine.Open(dir, options);
                var ids = StorageFixtures.CreateCpuSeries(engine, Hosts);
                var batches = StorageFixtures.ColumnarBatches(ids, Batches, PerSeries);
                GC.Collect();
                var cpu0 = CpuTime();
                var sw = Stopwatch.StartNew();
                foreach (var b in batches) await engine.WriteAsync(b);
                sw.Stop();
                double cpu = (CpuTime() - cpu0).TotalSeconds;
                long samples = batches.Sum(b => (long)b.Count);
                rates.Add(samples / sw.Elapsed.TotalSeconds);
                cpuRates.Add(samples / cpu);
                Print($"  ingest round {round}: {samples:N0} samples in {sw.Elapsed.TotalMilliseconds:0} ms = {M(rates[^1])}; process CPU {cpu * 1000:0} ms = {M(cpuRates[^1])} per CPU-second  ({Load()})");
                await engine.DisposeAsync();
            }
            finally { StorageFixtures.TryDelete(dir); }
        }
        if (Environment.GetEnvironmentVariable("CHRONICLE_INGEST_BREAKDOWN") == "1") IngestBreakdown();
        Print($"ingest (1,000 series x 100 samples per batch, Interval): median {M(Median(rates))} wall clock, {M(Median(cpuRates))} per CPU-second  target >= 10 M/s  ({Load()})");
    }

    /// <summary>Times the parts of the write path separately on the ingest batches: WAL encoding, framing, head append.</summary>
    private static void IngestBreakdown()
    {
        var ids = Enumerable.Range(1, 1000).Select(i => (long)i).ToArray();
        var batches = StorageFixtures.ColumnarBatches(ids, 40, 100);
        long samples = batches.Sum(b => (long)b.Count);
        var sw = Stopwatch.StartNew();
        var payloads = batches.Select(Chronicle.Storage.Wal.WalCodec.EncodeSamples).ToList();
        double encode = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        foreach (var p in payloads)
        {
            var framed = GC.AllocateUninitializedArray<byte>(Chronicle.Storage.Wal.WalFraming.FramedLength(p.Length));
            Chronicle.Storage.Wal.WalFraming.Write(framed, Chronicle.Storage.Wal.WalRecordType.Samples, p);
        }
        double frame = sw.Elapsed.TotalMilliseconds;
        var memstore = new Chronicle.Storage.Head.Memstore(0, 120);
        sw.Restart();
        foreach (var b in batches)
        {
            var ts = b.Timestamps;
            var vs = b.Values;
            foreach (var run in b.Runs) memstore.GetOrAdd(run.SeriesId, run.Type).AppendRange(ts.Slice(run.Start, run.Count), vs.Slice(run.Start, run.Count));
        }
        double apply = sw.Elapsed.TotalMilliseconds;
        Print($"  write path parts for {samples:N0} samples: WAL encode {encode:0} ms, framing {frame:0} ms, head append {apply:0} ms ({M(samples / (apply / 1000))} for the head append alone)  ({Load()})");
    }

    /// <summary>Target 2: 64 concurrent writers of one 10-field row each, Always mode.</summary>
    private static async Task GroupCommitAsync()
    {
        const int Writers = 64, Fields = 10;
        var durations = TimeSpan.FromSeconds(3);
        var rates = new List<double>();
        for (int round = 0; round < 3; round++)
        {
            string dir = StorageFixtures.TempDirectory("commit");
            try
            {
                var options = new StorageOptions { SyncMode = SyncMode.Always, FlushInterval = TimeSpan.Zero, BackgroundCompaction = false };
                await using var engine = StorageEngine.Open(dir, options);
                var ids = StorageFixtures.CreateCpuSeries(engine, Writers, Fields);
                long rows = 0;
                var stopAt = Stopwatch.StartNew();
                var tasks = new Task[Writers];
                for (int w = 0; w < Writers; w++)
                {
                    int writer = w;
                    tasks[w] = Task.Run(async () =>
                    {
                        var batch = new SampleBatch();
                        long t = StorageFixtures.Start;
                        long n = 0;
                        while (stopAt.Elapsed < durations)
                        {
                            batch.Clear();
                            for (int f = 0; f < Fields; f++) batch.Append(ids[writer * Fields + f], t, 42.0 + f);
                            await engine.WriteAsync(batch);
                            t += StorageFixtures.TenSeconds;
                            n++;
                        }
                        Interlocked.Add(ref rows, n);
                    });
                }
                await Task.WhenAll(tasks);
                double seconds = stopAt.Elapsed.TotalSeconds;
                rates.Add(rows / seconds);
                Print($"  group commit round {round}: {rows:N0} rows in {seconds:0.00} s = {rates[^1]:N0} rows/s  ({Load()})");
            }
            finally { StorageFixtures.TryDelete(dir); }
        }
        double fsync = FsyncMilliseconds();
        Print($"group commit (64 writers x one 10-field row, Always): median {Median(rates):N0} rows/s  target >= 100,000  ({Load()})");
        Print($"  fsync of a small append on this disk: median {fsync:0.00} ms, so at most {Writers / fsync * 1000:N0} rows/s with {Writers} writers of one row each");
    }

    /// <summary>Times 200 k catalog-shaped inserts through a prepared SqliteCommand, through 64-row statements, and through SQLitePCL's raw API.</summary>
    private static void SqliteProbe()
    {
        string dir = StorageFixtures.TempDirectory("sqlite");
        Directory.CreateDirectory(dir);
        try
        {
            using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir, "c.db")};Pooling=False");
            db.Open();
            void Exec(string sql) { using var c = db.CreateCommand(); c.CommandText = sql; c.ExecuteNonQuery(); }
            Exec("PRAGMA journal_mode=WAL;"); Exec("PRAGMA synchronous=FULL;");
            Exec("CREATE TABLE series (id INTEGER PRIMARY KEY AUTOINCREMENT, table_name TEXT NOT NULL, tags TEXT NOT NULL, field TEXT NOT NULL, type INTEGER NOT NULL, UNIQUE (table_name, tags, field));");
            var sw = Stopwatch.StartNew();
            long id = 1;
            for (int b = 0; b < 20; b++)
            {
                using var tx = db.BeginTransaction();
                using var cmd = db.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO series (id, table_name, tags, field, type) VALUES ($i, $t, $g, $f, $y)";
                var pi = cmd.Parameters.Add("$i", Microsoft.Data.Sqlite.SqliteType.Integer);
                var pt = cmd.Parameters.Add("$t", Microsoft.Data.Sqlite.SqliteType.Text);
                var pg = cmd.Parameters.Add("$g", Microsoft.Data.Sqlite.SqliteType.Text);
                var pf = cmd.Parameters.Add("$f", Microsoft.Data.Sqlite.SqliteType.Text);
                var py = cmd.Parameters.Add("$y", Microsoft.Data.Sqlite.SqliteType.Integer);
                cmd.Prepare();
                for (int i = 0; i < 10_000; i++)
                {
                    pi.Value = id; pt.Value = "cpu"; pg.Value = $"hostname=host_{id / 10:D6}"; pf.Value = $"usage_{id % 10}"; py.Value = 0;
                    cmd.ExecuteNonQuery();
                    id++;
                }
                tx.Commit();
            }
            Print($"  raw SQLite insert (Microsoft.Data.Sqlite, prepared, 10 k per transaction): {200_000 / sw.Elapsed.TotalSeconds:N0} rows/s  ({Load()})");
            const int Rows = 64;
            sw.Restart();
            for (int b = 0; b < 20; b++)
            {
                using var tx = db.BeginTransaction();
                using var cmd = db.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO series (id, table_name, tags, field, type) VALUES " + string.Join(",", Enumerable.Range(0, Rows).Select(r => $"($i{r}, $t{r}, $g{r}, $f{r}, $y{r})"));
                var ps = new Microsoft.Data.Sqlite.SqliteParameter[Rows * 5];
                for (int r = 0; r < Rows; r++)
                {
                    ps[r * 5] = cmd.Parameters.Add($"$i{r}", Microsoft.Data.Sqlite.SqliteType.Integer);
                    ps[r * 5 + 1] = cmd.Parameters.Add($"$t{r}", Microsoft.Data.Sqlite.SqliteType.Text);
                    ps[r * 5 + 2] = cmd.Parameters.Add($"$g{r}", Microsoft.Data.Sqlite.SqliteType.Text);
                    ps[r * 5 + 3] = cmd.Parameters.Add($"$f{r}", Microsoft.Data.Sqlite.SqliteType.Text);
                    ps[r * 5 + 4] = cmd.Parameters.Add($"$y{r}", Microsoft.Data.Sqlite.SqliteType.Integer);
                }
                cmd.Prepare();
                for (int i = 0; i < 10_000; i += Rows)
                {
                    for (int r = 0; r < Rows; r++)
                    {
                        ps[r * 5].Value = id; ps[r * 5 + 1].Value = "cpu"; ps[r * 5 + 2].Value = $"hostname=host_{id / 10:D6}"; ps[r * 5 + 3].Value = $"usage_{id % 10}"; ps[r * 5 + 4].Value = 0;
                        id++;
                    }
                    cmd.ExecuteNonQuery();
                }
                tx.Commit();
            }
            Print($"  raw SQLite insert, {Rows} rows per statement: {20 * 10_048 / sw.Elapsed.TotalSeconds:N0} rows/s  ({Load()})");
            sw.Restart();
            var h = db.Handle!;
            for (int b = 0; b < 20; b++)
            {
                using var tx = db.BeginTransaction();
                SQLitePCL.raw.sqlite3_prepare_v2(h, "INSERT INTO series (id, table_name, tags, field, type) VALUES (?, ?, ?, ?, ?)", out SQLitePCL.sqlite3_stmt stmt);
                for (int i = 0; i < 10_000; i++)
                {
                    SQLitePCL.raw.sqlite3_bind_int64(stmt, 1, id);
                    SQLitePCL.raw.sqlite3_bind_text(stmt, 2, "cpu");
                    SQLitePCL.raw.sqlite3_bind_text(stmt, 3, $"hostname=host_{id / 10:D6}");
                    SQLitePCL.raw.sqlite3_bind_text(stmt, 4, $"usage_{id % 10}");
                    SQLitePCL.raw.sqlite3_bind_int(stmt, 5, 0);
                    if (SQLitePCL.raw.sqlite3_step(stmt) != SQLitePCL.raw.SQLITE_DONE) throw new InvalidOperationException("step");
                    SQLitePCL.raw.sqlite3_reset(stmt);
                    id++;
                }
                stmt.Dispose();
                tx.Commit();
            }
            Print($"  raw SQLitePCL insert: {200_000 / sw.Elapsed.TotalSeconds:N0} rows/s  ({Load()})");
        }
        finally { StorageFixtures.TryDelete(dir); }
    }

    /// <summary>Median time of appending ~1 KiB to a file and fsyncing it, in milliseconds (the floor under one group commit).</summary>
    private static double FsyncMilliseconds()
    {
        string dir = StorageFixtures.TempDirectory("fsync");
        Directory.CreateDirectory(dir);
        try
        {
            using var file = new FileStream(Path.Combine(dir, "probe"), FileMode.Append, FileAccess.Write, FileShare.None, 1);
            var data = new byte[1000];
            var times = new List<double>();
            for (int i = 0; i < 200; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                file.Write(data);
                file.Flush(flushToDisk: true);
                times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
            return Median(times);
        }
        finally { StorageFixtures.TryDelete(dir); }
    }

    /// <summary>Target 3: reopen after a WAL of at least 128 MiB (a copy of the directory taken while open, as after a crash).</summary>
    private static async Task ReplayAsync()
    {
        const int Hosts = 100, PerSeries = 100;
        string source = StorageFixtures.TempDirectory("replay-src");
        string snapshot = StorageFixtures.TempDirectory("replay-snap");
        try
        {
            var options = new StorageOptions { SyncMode = SyncMode.None, BufferSize = long.MaxValue, FlushInterval = TimeSpan.Zero, BackgroundCompaction = false };
            long samples = 0, walBytes;
            var engine = StorageEngine.Open(source, options);
            var ids = StorageFixtures.CreateCpuSeries(engine, Hosts);
            var batch = new SampleBatch();
            var ts = new long[PerSeries];
            var values = new double[PerSeries];
            for (int b = 0; ; b++)
            {
                walBytes = engine.GetStatistics().WalBytes;
                if (walBytes >= 128L << 20) break;
                batch.Clear();
                for (int s = 0; s < ids.Length; s++)
                {
                    for (int i = 0; i < PerSeries; i++)
                    {
                        long k = (long)b * PerSeries + i;
                        ts[i] = StorageFixtures.Start + k * StorageFixtures.TenSeconds;
                        values[i] = 50 + 40 * Math.Sin(s + k * 0.01) + Random.Shared.NextDouble() * 1e-9;
                    }
                    batch.AppendRange(ids[s], ts, values);
                }
                await engine.WriteAsync(batch);
                samples += batch.Count;
            }
            StorageFixtures.CopyDirectory(source, snapshot);
            Print($"  WAL of {walBytes / (1 << 20)} MiB holding {samples:N0} samples ({(double)walBytes / samples:0.0} bytes/sample)");
            StorageFixtures.TryDelete(source); // the engine is abandoned, as in a crash; its files go
            engine = null;

            if (Environment.GetEnvironmentVariable("CHRONICLE_REPLAY_BREAKDOWN") == "1") ReplayBreakdown(snapshot);
            var rates = new List<double>();
            var cpuRates = new List<double>();
            var times = new List<double>();
            for (int round = 0; round < 3; round++)
            {
                string dir = StorageFixtures.TempDirectory("replay");
                try
                {
                    StorageFixtures.CopyDirectory(snapshot, dir);
                    GC.Collect();
                    var cpu0 = CpuTime();
                    var sw = Stopwatch.StartNew();
                    var reopened = StorageEngine.Open(dir, options);
                    sw.Stop();
                    double cpu = (CpuTime() - cpu0).TotalSeconds;
                    long replayed = reopened.GetStatistics().MemstoreSamples;
                    times.Add(sw.Elapsed.TotalSeconds);
                    rates.Add(replayed / sw.Elapsed.TotalSeconds);
                    cpuRates.Add(replayed / cpu);
                    Print($"  reopen round {round}: {replayed:N0} samples replayed in {sw.Elapsed.TotalMilliseconds:0} ms = {M(rates[^1])}; process CPU {cpu * 1000:0} ms = {M(cpuRates[^1])} per CPU-second  ({Load()})");
                    await reopened.DisposeAsync(); // flushes: not part of the reopen time
                }
                finally { StorageFixtures.TryDelete(dir); }
            }
            Print($"WAL replay (128 MiB WAL): median reopen {Median(times):0.00} s, {M(Median(rates))} wall clock, {M(Median(cpuRates))} per CPU-second  target >= 10 M/s, well under 10 s  ({Load()})");
        }
        finally
        {
            StorageFixtures.TryDelete(source);
            StorageFixtures.TryDelete(snapshot);
        }
    }

    /// <summary>Times the parts of a replay separately: reading and checking the WAL, decoding the records, appending to a memstore.</summary>
    private static void ReplayBreakdown(string snapshot)
    {
        string dir = StorageFixtures.TempDirectory("replay-parts");
        try
        {
            StorageFixtures.CopyDirectory(snapshot, dir);
            var fs = Chronicle.Storage.IO.PhysicalFileSystem.Instance;
            var sw = Stopwatch.StartNew();
            using var wal = Chronicle.Storage.Wal.WriteAheadLog.Open(fs, Path.Combine(dir, "wal"), Chronicle.Storage.Wal.WalOptions.Default, out _);
            var records = wal.ReadForReplay().ToList();
            double read = sw.Elapsed.TotalMilliseconds;
            var memstore = new Chronicle.Storage.Head.Memstore(0, 120);
            var batch = new SampleBatch(); // reused, as the engine's replay does
            long n = 0, decodeTicks = 0, applyTicks = 0;
            foreach (var r in records.Where(r => r.Type == Chronicle.Storage.Wal.WalRecordType.Samples))
            {
                long t0 = Stopwatch.GetTimestamp();
                batch.Clear();
                Chronicle.Storage.Wal.WalCodec.DecodeSamples(r.Payload.Span, batch);
                long t1 = Stopwatch.GetTimestamp();
                var ts = batch.Timestamps;
                var vs = batch.Values;
                foreach (var run in batch.Runs) memstore.GetOrAdd(run.SeriesId, run.Type).AppendRange(ts.Slice(run.Start, run.Count), vs.Slice(run.Start, run.Count));
                n += batch.Count;
                decodeTicks += t1 - t0;
                applyTicks += Stopwatch.GetTimestamp() - t1;
            }
            double decode = decodeTicks * 1000.0 / Stopwatch.Frequency, apply = applyTicks * 1000.0 / Stopwatch.Frequency;
            Print($"  replay parts: open + read + CRC {read:0} ms, decode {decode:0} ms, head append {apply:0} ms ({M(n / (apply / 1000))} for the head append alone)");
        }
        finally { StorageFixtures.TryDelete(dir); }
    }

    /// <summary>
    /// Target 4: segment bytes on disk per sample after a flush, first with the default settings
    /// (shard width from the retention, none here: 7 days; time-aligned chunks of at most 512
    /// samples), then with other maxima and shard widths for comparison.
    /// </summary>
    private static async Task BytesPerSampleAsync()
    {
        var tsbs = EncodingDataSets.TsbsLike();
        var seattle = EncodingDataSets.SeattleHourly(EncodingDataSets.FindSampleData("seattle-weather-hourly-normals.csv"));
        await FlushAndMeasure(tsbs, hosts: 100, fields: 10, null, null); // warm-up, not printed: the timed flushes run fully jitted code
        foreach (int? maxSamples in new int?[] { null, 120, 4096 })
        {
            var m = await FlushAndMeasure(tsbs, hosts: 100, fields: 10, maxSamples, shard: null);
            Print($"bytes/sample TSBS-like (100 hosts x 10 fields x 12 h at 10 s), {Describe(maxSamples, null)}: {m}  target < 7  ({Load()})");
        }
        foreach (var (maxSamples, shard) in new (int?, TimeSpan?)[] { (null, null), (null, TimeSpan.FromDays(1)), (null, TimeSpan.FromDays(366)) })
        {
            var m = await FlushAndMeasure(seattle, hosts: 1, fields: 3, maxSamples, shard);
            Print($"bytes/sample Seattle hourly normals (3 fields, one year), {Describe(maxSamples, shard)}: {m}  target < 7  ({Load()})");
        }
    }

    private static string Describe(int? maxSamples, TimeSpan? shard) =>
        (maxSamples is null && shard is null ? "DEFAULT settings" : "")
        + (maxSamples is { } n ? $"SegmentChunkSize {n}" : "")
        + (shard is { } d ? $"{(maxSamples is null ? "" : ", ")}shard {d.TotalDays:0} day(s)" : "");

    private sealed record BytesMeasurement(long Bytes, long Samples, int Segments, long Chunks, long IndexBytes, double FlushMs, double FlushCpuMs)
    {
        public override string ToString() => $"{(double)Bytes / Samples:0.000} ({Bytes:N0} B / {Samples:N0} samples, {Segments} segment(s), "
            + $"{Chunks:N0} chunks of {(double)Samples / Chunks:0} samples on average; index {(double)IndexBytes / Samples:0.000} B/sample = {(double)IndexBytes / Chunks:0.0} B/chunk; "
            + $"flush {FlushMs:0} ms wall clock, {FlushCpuMs:0} ms process CPU = {M(Samples / (FlushCpuMs / 1000))} per CPU-second)";
    }

    private static async Task<BytesMeasurement> FlushAndMeasure(List<SeriesData> data, int hosts, int fields, int? maxSamples, TimeSpan? shard)
    {
        string dir = StorageFixtures.TempDirectory("bytes");
        try
        {
            var options = new StorageOptions { BufferSize = long.MaxValue, FlushInterval = TimeSpan.Zero, BackgroundCompaction = false, SegmentChunkSize = maxSamples };
            await using var engine = StorageEngine.Open(dir, options);
            var ids = StorageFixtures.CreateCpuSeries(engine, hosts, fields, shard);
            int length = data[0].Timestamps.Length;
            for (int start = 0; start < length; start += 360)
            {
                int n = Math.Min(360, length - start);
                var batch = new SampleBatch();
                for (int s = 0; s < data.Count; s++)
                    batch.AppendRangeBits(ids[s], FieldType.Double, data[s].Timestamps.AsSpan(start, n), data[s].Values.AsSpan(start, n));
                await engine.WriteAsync(batch);
            }
            GC.Collect();
            var cpu0 = CpuTime();
            var flushWatch = Stopwatch.StartNew();
            await engine.FlushAsync();
            double flushMs = flushWatch.Elapsed.TotalMilliseconds;
            double flushCpuMs = (CpuTime() - cpu0).TotalMilliseconds;
            var stats = engine.GetStatistics();
            var files = Directory.GetFiles(Path.Combine(dir, "segments"), "*.seg");
            long onDisk = files.Sum(f => new FileInfo(f).Length);
            // The footer (the last 72 bytes) holds the index length at offset 8 and the chunk count at offset 48.
            long chunks = 0, index = 0;
            foreach (var f in files)
            {
                var bytes = File.ReadAllBytes(f);
                index += BitConverter.ToInt64(bytes, bytes.Length - 72 + 8);
                chunks += BitConverter.ToInt64(bytes, bytes.Length - 72 + 48);
            }
            if (onDisk != stats.SegmentBytes) Print($"  (segment files {onDisk:N0} B, manifest says {stats.SegmentBytes:N0} B)");
            return new BytesMeasurement(onDisk, stats.SegmentSamples, stats.SegmentCount, chunks, index, flushMs, flushCpuMs);
        }
        finally { StorageFixtures.TryDelete(dir); }
    }

    /// <summary>Target 5: creating 1 M series in batches of 10 k, then heap bytes per active series with a few samples in each head chunk.</summary>
    private static async Task MemoryAsync()
    {
        const int Fields = 10, Hosts = 100_000, BatchSeries = 10_000, SamplesEach = 4;
        string dir = StorageFixtures.TempDirectory("memory");
        try
        {
            var options = new StorageOptions { SyncMode = SyncMode.None, BufferSize = long.MaxValue, FlushInterval = TimeSpan.Zero, BackgroundCompaction = false };
            await using var engine = StorageEngine.Open(dir, options);
            engine.CreateTable(StorageFixtures.CpuTable(Fields));
            var keys = new SeriesKey[BatchSeries];
            var ids = new long[Hosts * Fields];
            // Build the keys first (the caller's cost, not the catalog's).
            var allKeys = new SeriesKey[Hosts * Fields];
            var fieldNames = Enumerable.Range(0, Fields).Select(f => $"usage_{f}").ToArray();
            for (int h = 0; h < Hosts; h++)
            {
                var tags = TagSet.Create([new("hostname", $"host_{h:D6}")]);
                for (int f = 0; f < Fields; f++) allKeys[h * Fields + f] = new SeriesKey("cpu", tags, fieldNames[f]);
            }
            long before = GC.GetTotalMemory(true);
            var sw = Stopwatch.StartNew();
            var batchTimes = new List<double>();
            for (int at = 0; at < allKeys.Length; at += BatchSeries)
            {
                long t0 = Stopwatch.GetTimestamp();
                engine.GetOrCreateSeries(allKeys.AsSpan(at, BatchSeries), ids.AsSpan(at, BatchSeries));
                batchTimes.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
            sw.Stop();
            Print($"  batch of 10 k: first {batchTimes[0]:0} ms, 10th {batchTimes[9]:0} ms, 50th {batchTimes[49]:0} ms, last {batchTimes[^1]:0} ms, median {Median(batchTimes):0} ms");
            Print($"series creation: {allKeys.Length:N0} series in batches of {BatchSeries:N0} in {sw.Elapsed.TotalSeconds:0.00} s = {allKeys.Length / sw.Elapsed.TotalSeconds:N0} series/s  target >= 200,000/s  ({Load()})");
            long afterCatalog = GC.GetTotalMemory(true);

            var batch = new SampleBatch();
            var ts = new long[SamplesEach];
            var values = new double[SamplesEach];
            for (int i = 0; i < SamplesEach; i++) { ts[i] = StorageFixtures.Start + i * StorageFixtures.TenSeconds; values[i] = 10 + i * 0.37; }
            sw.Restart();
            for (int at = 0; at < ids.Length; at += BatchSeries)
            {
                batch.Clear();
                for (int s = at; s < at + BatchSeries; s++) batch.AppendRange(ids[s], ts, values);
                await engine.WriteAsync(batch);
            }
            sw.Stop();
            Print($"  first samples of 1 M series: {ids.Length * SamplesEach:N0} samples in {sw.Elapsed.TotalSeconds:0.00} s");
            batch = null!;
            long afterHead = GC.GetTotalMemory(true);
            GC.KeepAlive(allKeys);
            double catalogPer = (afterCatalog - before) / (double)ids.Length;
            double headPer = (afterHead - afterCatalog) / (double)ids.Length;
            Print($"memory per active series ({ids.Length:N0} series, {SamplesEach} samples each in the head chunk): catalog {catalogPer:0} B + head {headPer:0} B = {catalogPer + headPer:0} B  "
                + $"target <= 1024 B  (engine estimate of memstore bytes: {engine.GetStatistics().MemstoreBytes / (double)ids.Length:0} B/series; {Load()})");
        }
        finally { StorageFixtures.TryDelete(dir); }
    }
}
