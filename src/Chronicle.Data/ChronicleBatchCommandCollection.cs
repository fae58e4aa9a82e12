using System.Collections;
using System.Data.Common;

namespace Chronicle.Data;

/// <summary>The commands of a <see cref="ChronicleBatch"/>, run in order.</summary>
public sealed class ChronicleBatchCommandCollection : DbBatchCommandCollection
{
    private readonly List<ChronicleBatchCommand> _items = [];

    internal ChronicleBatchCommandCollection() { }

    internal IReadOnlyList<ChronicleBatchCommand> Items => _items;

    /// <inheritdoc/>
    public override int Count => _items.Count;

    /// <inheritdoc/>
    public override bool IsReadOnly => false;

    /// <summary>The command at <paramref name="index"/>.</summary>
    public new ChronicleBatchCommand this[int index]
    {
        get => _items[index];
        set => _items[index] = value;
    }

    /// <summary>Adds a command with SQL text and returns it.</summary>
    public ChronicleBatchCommand Add(string commandText)
    {
        var c = new ChronicleBatchCommand(commandText);
        _items.Add(c);
        return c;
    }

    /// <inheritdoc/>
    public override void Add(DbBatchCommand item) => _items.Add(Cast(item));

    /// <inheritdoc/>
    public override void Clear() => _items.Clear();

    /// <inheritdoc/>
    public override bool Contains(DbBatchCommand item) => item is ChronicleBatchCommand c && _items.Contains(c);

    /// <inheritdoc/>
    public override void CopyTo(DbBatchCommand[] array, int arrayIndex)
    {
        for (int i = 0; i < _items.Count; i++) array[arrayIndex + i] = _items[i];
    }

    /// <inheritdoc/>
    public override IEnumerator<DbBatchCommand> GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc/>
    public override int IndexOf(DbBatchCommand item) => item is ChronicleBatchCommand c ? _items.IndexOf(c) : -1;

    /// <inheritdoc/>
    public override void Insert(int index, DbBatchCommand item) => _items.Insert(index, Cast(item));

    /// <inheritdoc/>
    public override bool Remove(DbBatchCommand item) => item is ChronicleBatchCommand c && _items.Remove(c);

    /// <inheritdoc/>
    public override void RemoveAt(int index) => _items.RemoveAt(index);

    /// <inheritdoc/>
    protected override DbBatchCommand GetBatchCommand(int index) => _items[index];

    /// <inheritdoc/>
    protected override void SetBatchCommand(int index, DbBatchCommand batchCommand) => _items[index] = Cast(batchCommand);

    private static ChronicleBatchCommand Cast(DbBatchCommand item) => item as ChronicleBatchCommand
        ?? throw Internal.Errors.WrongItemType(typeof(ChronicleBatchCommand), item);
}
