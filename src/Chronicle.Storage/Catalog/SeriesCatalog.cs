using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Chronicle.Storage.Catalog;

/// <summary>
/// The durable map of tables, columns and series in <c>catalog.db</c> (SQLite, journal_mode=WAL,
/// synchronous=FULL), with its in-memory cache: series key to ID, ID to series, and the tag postings.
/// </summary>
/// <remarks>
/// Invariant: a series is committed here before any WAL record uses its ID. IDs come from an
/// AUTOINCREMENT column, so SQLite never reissues one, not even after a crash or a dropped table.
/// Thread-safe: one lock guards SQLite and the caches for writers. The ID to series map is a
/// concurrent dictionary read without the lock (<see cref="TryGetSeries"/> runs for every run of
/// every written batch); lookups by key take the lock briefly (the hot path goes through
/// <see cref="Writing.TableWriter"/>'s own cache).
/// </remarks>
internal sealed class SeriesCatalog : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly object _lock = new();
    private readonly Dictionary<string, TableSchema> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _idsByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, SeriesInfo> _series = new();
    private int _seriesCount;
    private long _version;
    private readonly Dictionary<string, TagPostings> _postings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TagSet> _tagSets = new(StringComparer.Ordinal);

    private SeriesCatalog(SqliteConnection db) => _db = db;

    /// <summary>Opens or creates <paramref name="path"/> and loads it into memory.</summary>
    public static SeriesCatalog Open(string path, bool readOnly)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        var db = new SqliteConnection(builder.ToString());
        db.Open();
        var catalog = new SeriesCatalog(db);
        try
        {
            if (!readOnly) catalog.CreateSchema();
            catalog.Load();
        }
        catch
        {
            db.Dispose();
            throw;
        }
        return catalog;
    }

    private void CreateSchema()
    {
        Exec("PRAGMA journal_mode=WAL;");
        Exec("PRAGMA synchronous=FULL;");
        Exec("""
            CREATE TABLE IF NOT EXISTS tables (
                name TEXT PRIMARY KEY,
                retention_ns INTEGER,
                shard_ns INTEGER);
            CREATE TABLE IF NOT EXISTS columns (
                table_name TEXT NOT NULL,
                ordinal INTEGER NOT NULL,
                name TEXT NOT NULL,
                role INTEGER NOT NULL,
                type INTEGER NOT NULL,
                PRIMARY KEY (table_name, ordinal));
            CREATE TABLE IF NOT EXISTS series (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                table_name TEXT NOT NULL,
                tags TEXT NOT NULL,
                field TEXT NOT NULL,
                type INTEGER NOT NULL,
                UNIQUE (table_name, tags, field));
            """);
    }

    private void Exec(string sql)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private void Load()
    {
        var columns = new Dictionary<string, List<ColumnSchema>>(StringComparer.Ordinal);
        using (var cmd = _db.CreateCommand())
        {
            cmd.CommandText = "SELECT table_name, name, role, type FROM columns ORDER BY table_name, ordinal";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                string t = r.GetString(0);
                if (!columns.TryGetValue(t, out var list)) columns[t] = list = [];
                list.Add(new ColumnSchema(r.GetString(1), (ColumnRole)r.GetInt32(2), (FieldType)r.GetInt32(3)));
            }
        }
        using (var cmd = _db.CreateCommand())
        {
            cmd.CommandText = "SELECT name, retention_ns, shard_ns FROM tables";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                string name = r.GetString(0);
                TimeSpan? retention = r.IsDBNull(1) ? null : TimeSpan.FromTicks(r.GetInt64(1) / 100);
                TimeSpan? shard = r.IsDBNull(2) ? null : TimeSpan.FromTicks(r.GetInt64(2) / 100);
                var schema = new TableSchema(name, columns.GetValueOrDefault(name) ?? [], retention, shard);
                _tables[name] = schema;
                _postings[name] = new TagPostings();
            }
        }
        using (var cmd = _db.CreateCommand())
        {
            cmd.CommandText = "SELECT id, table_name, tags, field, type FROM series ORDER BY id";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var key = new SeriesKey(r.GetString(1), InternTags(TagSet.Parse(r.GetString(2))), r.GetString(3));
                AddToCache(new SeriesInfo(r.GetInt64(0), key, (FieldType)r.GetInt32(4)));
            }
        }
    }

    private TagSet InternTags(TagSet tags)
    {
        if (_tagSets.TryGetValue(tags.Canonical, out var existing)) return existing;
        _tagSets[tags.Canonical] = tags;
        return tags;
    }

    private void AddToCache(SeriesInfo info, string? keyText = null)
    {
        _idsByKey[keyText ?? info.Key.ToString()] = info.Id;
        _series[info.Id] = info;
        _seriesCount++;
        if (_postings.TryGetValue(info.Key.Table, out var postings)) postings.Add(info);
        Volatile.Write(ref _version, _version + 1);
    }

    /// <summary>All tables, sorted by name.</summary>
    public IReadOnlyList<TableSchema> Tables
    {
        get { lock (_lock) return _tables.Values.OrderBy(t => t.Name, StringComparer.Ordinal).ToArray(); }
    }

    /// <summary>The table named <paramref name="name"/>, or null.</summary>
    public TableSchema? GetTable(string name)
    {
        lock (_lock) return _tables.GetValueOrDefault(name);
    }

    /// <summary>Creates a table durably. Returns false when it exists and <paramref name="ifNotExists"/> is set.</summary>
    /// <exception cref="StorageException">The table exists and <paramref name="ifNotExists"/> is false.</exception>
    public bool CreateTable(TableSchema schema, bool ifNotExists)
    {
        lock (_lock)
        {
            if (_tables.ContainsKey(schema.Name))
            {
                if (ifNotExists) return false;
                throw new StorageException($"table '{schema.Name}' already exists");
            }
            using var tx = _db.BeginTransaction();
            using (var cmd = _db.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO tables (name, retention_ns, shard_ns) VALUES ($n, $r, $s)";
                cmd.Parameters.AddWithValue("$n", schema.Name);
                cmd.Parameters.AddWithValue("$r", schema.Retention is { } r ? r.Ticks * 100 : DBNull.Value);
                cmd.Parameters.AddWithValue("$s", schema.ShardDuration is { } s ? s.Ticks * 100 : DBNull.Value);
                cmd.ExecuteNonQuery();
            }
            for (int i = 0; i < schema.Columns.Count; i++)
            {
                using var cmd = _db.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO columns (table_name, ordinal, name, role, type) VALUES ($t, $o, $n, $r, $y)";
                cmd.Parameters.AddWithValue("$t", schema.Name);
                cmd.Parameters.AddWithValue("$o", i);
                cmd.Parameters.AddWithValue("$n", schema.Columns[i].Name);
                cmd.Parameters.AddWithValue("$r", (int)schema.Columns[i].Role);
                cmd.Parameters.AddWithValue("$y", (int)schema.Columns[i].Type);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
            _tables[schema.Name] = schema;
            _postings[schema.Name] = new TagPostings();
            Volatile.Write(ref _version, _version + 1);
            return true;
        }
    }

    /// <summary>Drops a table and its series durably; returns the dropped series IDs, or null when missing and <paramref name="ifExists"/>.</summary>
    /// <exception cref="StorageException">The table is missing and <paramref name="ifExists"/> is false.</exception>
    public long[]? DropTable(string name, bool ifExists)
    {
        lock (_lock)
        {
            if (!_tables.ContainsKey(name))
            {
                if (ifExists) return null;
                throw new StorageException($"table '{name}' does not exist");
            }
            using var tx = _db.BeginTransaction();
            foreach (var sql in new[] { "DELETE FROM tables WHERE name = $n", "DELETE FROM columns WHERE table_name = $n", "DELETE FROM series WHERE table_name = $n" })
            {
                using var cmd = _db.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = sql;
                cmd.Parameters.AddWithValue("$n", name);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
            var ids = _postings[name].All.ToArray();
            foreach (var id in ids)
            {
                _idsByKey.Remove(_series[id].Key.ToString());
                _series.TryRemove(id, out _);
                _seriesCount--;
            }
            _tables.Remove(name);
            _postings.Remove(name);
            Volatile.Write(ref _version, _version + 1);
            return ids;
        }
    }

    /// <summary>
    /// Resolves keys to IDs; missing series are created in one durable SQLite transaction before
    /// this returns. The field type comes from the table.
    /// </summary>
    /// <exception cref="StorageException">A table or field column is unknown.</exception>
    public void GetOrCreate(ReadOnlySpan<SeriesKey> keys, Span<long> ids)
    {
        lock (_lock)
        {
            List<(int Index, string Text)>? missing = null;
            for (int i = 0; i < keys.Length; i++)
            {
                string text = keys[i].ToString();
                if (_idsByKey.TryGetValue(text, out long id)) ids[i] = id;
                else (missing ??= []).Add((i, text));
            }
            if (missing is null) return;

            using var tx = _db.BeginTransaction();
            // IDs are assigned here, above both the largest ever handed out (sqlite_sequence, kept by
            // AUTOINCREMENT also for explicit IDs) and the largest present: the same IDs AUTOINCREMENT
            // would give, without a RETURNING round trip per row. This connection is the only writer
            // (the directory lock) and holds the transaction, so nothing else can take them.
            long next;
            using (var max = _db.CreateCommand())
            {
                max.Transaction = tx;
                max.CommandText = "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'series'), 0), COALESCE((SELECT MAX(id) FROM series), 0))";
                next = Convert.ToInt64(max.ExecuteScalar(), CultureInfo.InvariantCulture) + 1;
            }
            // The inserts go through SQLitePCL's raw statement API on this connection (inside the
            // transaction begun above): Microsoft.Data.Sqlite's per-execution work (parameter lookup by
            // name, reader bookkeeping) costs more than SQLite's insert itself, about 2.5 times as much.
            var handle = _db.Handle!;
            int rc = raw.sqlite3_prepare_v2(handle, "INSERT INTO series (id, table_name, tags, field, type) VALUES (?, ?, ?, ?, ?)", out sqlite3_stmt insert);
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, handle);
            using var insertStatement = insert;
            var created = new List<SeriesInfo>(missing.Count);
            var createdText = new List<string>(missing.Count);
            var seen = new Dictionary<string, long>(StringComparer.Ordinal);
            TableSchema? table = null;
            foreach (var (i, text) in missing)
            {
                var key = keys[i];
                if (seen.TryGetValue(text, out long dup)) { ids[i] = dup; continue; }
                if (table is null || table.Name != key.Table)
                    table = _tables.GetValueOrDefault(key.Table) ?? throw new StorageException($"table '{key.Table}' does not exist");
                var column = table.FindColumn(key.Field);
                if (column is null || column.Role != ColumnRole.Field)
                    throw new StorageException($"'{key.Field}' is not a field column of table '{key.Table}'");
                foreach (var tag in key.Tags.Pairs)
                {
                    var tc = table.FindColumn(tag.Key);
                    if (tc is null || tc.Role != ColumnRole.Tag)
                        throw new StorageException($"'{tag.Key}' is not a tag column of table '{key.Table}'");
                }
                long id = next++;
                raw.sqlite3_bind_int64(insert, 1, id);
                raw.sqlite3_bind_text(insert, 2, key.Table);
                raw.sqlite3_bind_text(insert, 3, key.Tags.Canonical);
                raw.sqlite3_bind_text(insert, 4, key.Field);
                raw.sqlite3_bind_int(insert, 5, (int)column.Type);
                rc = raw.sqlite3_step(insert);
                if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, handle);
                raw.sqlite3_reset(insert);
                ids[i] = id;
                seen[text] = id;
                created.Add(new SeriesInfo(id, key with { Tags = InternTags(key.Tags) }, column.Type));
                createdText.Add(text);
            }
            tx.Commit(); // synchronous=FULL: durable when Commit returns
            for (int c = 0; c < created.Count; c++) AddToCache(created[c], createdText[c]);
        }
    }

    /// <summary>The series with <paramref name="id"/>, or null.</summary>
    public SeriesInfo? TryGetSeries(long id)
    {
        return _series.GetValueOrDefault(id);
    }

    /// <summary>
    /// Grows whenever a table or series is added or removed (written under the catalog's lock, read
    /// without it): while it is unchanged, <see cref="Match"/> gives the same answers.
    /// </summary>
    public long Version => Volatile.Read(ref _version);

    /// <summary>Number of series in the catalog.</summary>
    public int SeriesCount
    {
        get { lock (_lock) return _seriesCount; }
    }

    /// <summary>IDs of <paramref name="table"/>'s series matching every matcher, optionally of the given fields, in increasing order.</summary>
    public IReadOnlyList<long> Match(string table, IReadOnlyList<Reading.TagMatcher> matchers, IReadOnlyCollection<string>? fields)
    {
        lock (_lock)
        {
            if (!_postings.TryGetValue(table, out var postings)) return [];
            var ids = postings.Match(matchers);
            if (fields is null) return ids;
            var set = fields as ISet<string> ?? new HashSet<string>(fields, StringComparer.Ordinal);
            return ids.Where(id => set.Contains(_series[id].Key.Field)).ToArray();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock) _db.Dispose();
    }
}
