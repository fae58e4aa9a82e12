using System.Globalization;

namespace Chronicle.Storage.Wal;

/// <summary>WAL file names: 16 lower-case hex digits of the sequence number and <c>.wal</c>, e.g. <c>0000000000000001.wal</c>.</summary>
internal static class WalFileName
{
    /// <summary>The directory under the engine directory that holds the WAL.</summary>
    public const string DirectoryName = "wal";

    /// <summary>Pattern for <see cref="IO.IFileSystem.ListFiles"/>.</summary>
    public const string Pattern = "*.wal";

    /// <summary>The file name of sequence <paramref name="sequence"/>.</summary>
    public static string Format(long sequence) => sequence.ToString("x16", CultureInfo.InvariantCulture) + ".wal";

    /// <summary>Parses a file name made by <see cref="Format"/>; false for any other name.</summary>
    public static bool TryParse(string name, out long sequence)
    {
        sequence = 0;
        return name.Length == 20 && name.EndsWith(".wal", StringComparison.Ordinal)
            && long.TryParse(name.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out sequence)
            && sequence > 0;
    }
}
