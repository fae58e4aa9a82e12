using Chronicle.Arrow.FlatBuffers;

namespace Chronicle.Arrow.Tests;

public class FlatBuffersTests
{
    [Fact]
    public void Builder_output_reads_back_through_the_table_reader()
    {
        var b = new FlatBufferBuilder(16); // small, to exercise growth
        int name = b.CreateString("héllo");
        b.StartVector(16, 2, 8);
        b.AddInt64(4); b.AddInt64(3); // second struct {3, 4}
        b.AddInt64(2); b.AddInt64(1); // first struct {1, 2}
        int structs = b.EndVector();
        b.StartTable(1);
        b.AddInt32(0, 99, 0);
        int child = b.EndTable();
        int children = b.CreateOffsetVector([child, child]);
        b.StartTable(7);
        b.AddInt64(0, long.MinValue, 0);
        b.AddOffset(1, name);
        b.AddOffset(2, structs);
        b.AddOffset(3, children);
        b.AddInt16(4, -5, 0);
        b.AddBool(5, true, false);
        b.AddInt32(6, 0, 0); // equal to the default: omitted
        var bytes = b.Finish(b.EndTable());

        var root = FlatBufferTable.GetRoot(bytes, "test");
        Assert.Equal(long.MinValue, root.GetInt64(0, 0));
        Assert.Equal("héllo", root.GetString(1));
        var raw = root.GetStructVector(2, 16, out int count);
        Assert.Equal(2, count);
        Assert.Equal(1, BitConverter.ToInt64(raw));
        Assert.Equal(4, BitConverter.ToInt64(raw.Slice(24)));
        var tables = root.GetTableVector(3, "child");
        Assert.Equal([99, 99], tables.Select(t => t.GetInt32(0, 0)));
        Assert.Equal(-5, root.GetInt16(4, 0));
        Assert.True(root.GetBool(5, false));
        Assert.False(root.Has(6));
        Assert.Equal(42, root.GetInt32(6, 42));
        Assert.Null(root.GetString(9)); // slot beyond the vtable
        Assert.Equal(0, bytes.Length % 8);
    }

    [Fact]
    public void Corrupt_offsets_raise_InvalidDataException()
    {
        var b = new FlatBufferBuilder();
        int name = b.CreateString("x");
        b.StartTable(1);
        b.AddOffset(0, name);
        var bytes = b.Finish(b.EndTable());

        Assert.Throws<InvalidDataException>(() => FlatBufferTable.GetRoot(new byte[3], "t"));
        var badRoot = (byte[])bytes.Clone();
        BitConverter.TryWriteBytes(badRoot.AsSpan(), 1 << 20);
        Assert.Throws<InvalidDataException>(() => FlatBufferTable.GetRoot(badRoot, "t"));

        var root = FlatBufferTable.GetRoot(bytes, "t");
        Assert.Equal("x", root.GetString(0));
        // Point the string offset far away.
        int tablePosition = BitConverter.ToInt32(bytes);
        for (int i = tablePosition + 4; i + 4 <= bytes.Length; i += 4)
        {
            var copy = (byte[])bytes.Clone();
            BitConverter.TryWriteBytes(copy.AsSpan(i), int.MaxValue);
            try
            {
                _ = FlatBufferTable.GetRoot(copy, "t").GetString(0);
            }
            catch (InvalidDataException)
            {
            }
        }
    }
}
