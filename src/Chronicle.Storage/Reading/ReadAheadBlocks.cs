using System.Collections;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Chronicle.Storage.Reading;

/// <summary>
/// A single-producer, single-consumer pipeline over one read's blocks: a thread-pool task runs the
/// read's enumerator (decoding chunks) and copies the samples into blocks of <c>blockSize</c>
/// (so the two threads meet once per few thousand samples, not once per chunk), while the consumer
/// takes finished blocks. At most <c>depth</c> blocks are filled and not yet released (queued, or
/// the consumer's current one), so a ring of depth + 1 block buffers is never overwritten while in
/// use. A failure in the producer is rethrown by the consumer's next <see cref="MoveNext"/>.
/// </summary>
internal sealed class ReadAheadBlocks : IEnumerator<SampleBlock>
{
    private readonly ConcurrentQueue<SampleBlock> _queue = new();
    private readonly SemaphoreSlim _items = new(0);   // one permit per queued block, plus one when the producer ends
    private readonly SemaphoreSlim _space;            // free slots: blocks the producer may still fill
    private readonly CancellationTokenSource _cancel = new();
    private readonly Action<ReadAheadBlocks> _onDispose;
    private readonly Task _producer;
    private Exception? _error;
    private SampleBlock? _current;
    private bool _holding, _ended, _disposed;

    /// <param name="blocks">The read's blocks (decoding happens in its enumerator); each is copied before the next is asked for.</param>
    /// <param name="type">The series' value type.</param>
    /// <param name="blockSize">Samples per block handed over (the last may be shorter).</param>
    /// <param name="depth">Blocks filled ahead at most.</param>
    /// <param name="onDispose">Called once when disposed.</param>
    public ReadAheadBlocks(IEnumerable<SampleBlock> blocks, FieldType type, int blockSize, int depth, Action<ReadAheadBlocks> onDispose)
    {
        _space = new SemaphoreSlim(depth);
        _onDispose = onDispose;
        _producer = Task.Run(() => ProduceAsync(blocks, type, blockSize, depth + 1));
    }

    private async Task ProduceAsync(IEnumerable<SampleBlock> blocks, FieldType type, int blockSize, int ringSize)
    {
        try
        {
            var ring = new (long[] Times, long[] Values, string[]? Strings)[ringSize];
            int slot = -1, filled = 0;
            using var e = blocks.GetEnumerator();
            while (e.MoveNext())
            {
                var block = e.Current;
                for (int offset = 0; offset < block.Count;)
                {
                    if (slot < 0)
                    {
                        await _space.WaitAsync(_cancel.Token).ConfigureAwait(false);
                        slot = NextSlot(ring, ref _ringNext, type, blockSize);
                        filled = 0;
                    }
                    var target = ring[slot];
                    int take = Math.Min(block.Count - offset, blockSize - filled);
                    block.Timestamps.AsSpan(offset, take).CopyTo(target.Times.AsSpan(filled));
                    if (target.Strings is not null) block.Strings.AsSpan(offset, take).CopyTo(target.Strings.AsSpan(filled));
                    else block.Values.AsSpan(offset, take).CopyTo(target.Values.AsSpan(filled));
                    filled += take;
                    offset += take;
                    if (filled == blockSize)
                    {
                        Publish(new SampleBlock(type, target.Times, target.Values, target.Strings, filled));
                        slot = -1;
                    }
                }
            }
            if (slot >= 0 && filled > 0) Publish(new SampleBlock(type, ring[slot].Times, ring[slot].Values, ring[slot].Strings, filled));
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _error = ex;
        }
        finally
        {
            _items.Release();
        }
    }

    private int _ringNext;

    private static int NextSlot((long[] Times, long[] Values, string[]? Strings)[] ring, ref int next, FieldType type, int blockSize)
    {
        int slot = next;
        next = next + 1 == ring.Length ? 0 : next + 1;
        if (ring[slot].Times is null)
        {
            bool strings = type == FieldType.VarChar;
            ring[slot] = (GC.AllocateUninitializedArray<long>(blockSize), strings ? [] : GC.AllocateUninitializedArray<long>(blockSize),
                strings ? new string[blockSize] : null);
        }
        return slot;
    }

    private void Publish(SampleBlock block)
    {
        _queue.Enqueue(block);
        _items.Release();
    }
    /// <inheritdoc/>
    public SampleBlock Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true.");

    object IEnumerator.Current => Current;

    /// <inheritdoc/>
    /// <exception cref="CorruptionException">The producer failed to decode a chunk (any producer failure is rethrown as is).</exception>
    public bool MoveNext()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_holding)
        {
            _holding = false;
            _current = null;
            _space.Release();
        }
        if (_ended) return Finish();
        _items.Wait();
        if (_queue.TryDequeue(out var block))
        {
            _current = block;
            _holding = true;
            return true;
        }
        _ended = true; // the producer's final permit: every block was taken
        return Finish();
    }

    private bool Finish()
    {
        if (_error is { } error) ExceptionDispatchInfo.Capture(error).Throw();
        return false;
    }

    /// <inheritdoc/>
    public void Reset() => throw new NotSupportedException();

    /// <summary>Stops the producer and waits for it (it may be decoding one block), then releases the pipeline.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _cancel.Cancel();
        _producer.Wait(); // never faults: ProduceAsync catches everything
        _onDispose(this);
        _cancel.Dispose();
    }
}
