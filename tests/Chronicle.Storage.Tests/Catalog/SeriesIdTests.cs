using Chronicle.Storage.Catalog;
using Chronicle.Storage.Tests.Engine;

namespace Chronicle.Storage.Tests.Catalog;

/// <summary>Series IDs: increasing, one per key within and across calls, and never issued twice, also after a dropped table and a reopen.</summary>
public class SeriesIdTests
{
    [Fact]
    public void Ids_increase_and_repeat_keys_get_the_same_id()
    {
        using var dir = new TempDirectory();
        using var engine = StorageEngine.Open(dir.Path);
        engine.CreateTable(EngineTestData.Cpu());
        var tags = TagSet.Create([new("host", "a")]);
        SeriesKey[] keys = [new("cpu", tags, "usage"), new("cpu", tags, "count"), new("cpu", tags, "usage")];
        var ids = new long[3];
        engine.GetOrCreateSeries(keys, ids);
        Assert.True(ids[1] > ids[0]);
        Assert.Equal(ids[0], ids[2]);
        var again = new long[1];
        engine.GetOrCreateSeries([new SeriesKey("cpu", tags, "count")], again);
        Assert.Equal(ids[1], again[0]);
    }

    [Fact]
    public void Ids_of_a_dropped_table_are_never_issued_again_also_after_reopening()
    {
        using var dir = new TempDirectory();
        long highest;
        using (var engine = StorageEngine.Open(dir.Path))
        {
            engine.CreateTable(EngineTestData.Cpu());
            EngineTestData.Series(engine, "a", "usage");
            highest = EngineTestData.Series(engine, "b", "usage");
            engine.DropTable("cpu");
            engine.CreateTable(EngineTestData.Cpu());
            long afterDrop = EngineTestData.Series(engine, "a", "usage");
            Assert.True(afterDrop > highest, $"ID {afterDrop} reissued after a drop (highest before: {highest})");
            highest = afterDrop;
            engine.DropTable("cpu");
        }

        using (var engine = StorageEngine.Open(dir.Path))
        {
            engine.CreateTable(EngineTestData.Cpu());
            long afterReopen = EngineTestData.Series(engine, "c", "usage");
            Assert.True(afterReopen > highest, $"ID {afterReopen} reissued after a reopen (highest before: {highest})");
            Assert.Equal("c", engine.GetSeries(afterReopen).Key.Tags["host"]);
        }
    }
}
