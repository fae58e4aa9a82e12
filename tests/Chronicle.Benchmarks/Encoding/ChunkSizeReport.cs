using Chronicle.Storage;
using Chronicle.Storage.Encoding;

namespace Chronicle.Benchmarks.Encoding;

/// <summary>Bytes per sample of chunk payloads (header included) when series are cut into chunks.</summary>
public static class ChunkSizeReport
{
    /// <summary>Encodes each series in chunks of <paramref name="chunkSize"/> DOUBLE samples and returns total bytes / total samples.</summary>
    public static double BytesPerSample(IEnumerable<SeriesData> series, int chunkSize = 120)
    {
        long bytes = 0;
        long samples = 0;
        var encoder = new ChunkEncoder(FieldType.Double);
        foreach (var s in series)
        {
            for (int start = 0; start < s.Timestamps.Length; start += chunkSize)
            {
                encoder.Reset();
                int end = Math.Min(start + chunkSize, s.Timestamps.Length);
                for (int i = start; i < end; i++)
                {
                    encoder.Append(s.Timestamps[i], s.Values[i]);
                }

                bytes += encoder.Encoded.Length;
                samples += end - start;
            }
        }

        return (double)bytes / samples;
    }
}
