using Chronicle.Storage.Compaction;
using Chronicle.Storage.Segments;

namespace Chronicle.Storage.Tests.Compaction;

public sealed class CompactionPlannerTests
{
    private static SegmentEntry Seg(long id, int level, long sequence, long shard = 0) =>
        new(new SegmentInfo(id, level, shard, 0, 1, 1, 1, 100, SegmentFormat.FileNameFor(id)), sequence);

    [Fact]
    public void NothingBelowTheThreshold()
    {
        Assert.Empty(CompactionPlanner.Plan([], 4));
        Assert.Empty(CompactionPlanner.Plan([Seg(1, 0, 1), Seg(2, 0, 2), Seg(3, 0, 3), Seg(4, 1, 0)], 4));
    }

    [Fact]
    public void MergesAllOfALevelIntoTheNextInSequenceOrder()
    {
        var segments = new[] { Seg(9, 0, 9), Seg(7, 0, 7), Seg(5, 1, 4), Seg(8, 0, 8), Seg(10, 0, 10), Seg(11, 0, 11) };
        var job = Assert.Single(CompactionPlanner.Plan(segments, 4));
        Assert.Equal((0L, 0, 1), (job.ShardStart, job.InputLevel, job.OutputLevel));
        Assert.Equal([7L, 8, 9, 10, 11], job.Inputs.Select(s => s.Info.Id));
        Assert.Equal(11, job.OutputSequence);
    }

    [Fact]
    public void PlansEveryLevelThatReachedTheThresholdLowestFirst()
    {
        var segments = new[]
        {
            Seg(1, 2, 1, 86_400), Seg(2, 1, 2, 86_400), Seg(3, 1, 3, 86_400),
            Seg(4, 0, 4, 86_400), Seg(5, 0, 5, 86_400), Seg(6, 2, 0, 86_400),
        };
        var jobs = CompactionPlanner.Plan(segments, 2);
        Assert.Equal([(0, 1), (1, 2), (2, 3)], jobs.Select(j => (j.InputLevel, j.OutputLevel)));
        Assert.Equal([6L, 1], jobs[2].Inputs.Select(s => s.Info.Id));
        Assert.All(jobs, j => Assert.Equal(86_400, j.ShardStart));
    }

    [Fact]
    public void RejectsBadInput()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CompactionPlanner.Plan([Seg(1, 0, 1)], 1));
        Assert.Throws<ArgumentException>(() => CompactionPlanner.Plan([Seg(1, 0, 1, 0), Seg(2, 0, 2, 86_400)], 2));
    }
}
