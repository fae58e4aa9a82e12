using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Chronicle.Data;

/// <summary>One command of a <see cref="ChronicleBatch"/>: SQL text with its own parameters and, after execution, its own <see cref="RecordsAffected"/>.</summary>
public sealed class ChronicleBatchCommand : DbBatchCommand
{
    private string _commandText = "";

    /// <summary>Creates an empty batch command.</summary>
    public ChronicleBatchCommand() { }

    /// <summary>Creates a batch command with SQL text.</summary>
    public ChronicleBatchCommand(string commandText) => CommandText = commandText;

    /// <inheritdoc/>
    [AllowNull]
    public override string CommandText
    {
        get => _commandText;
        set => _commandText = value ?? "";
    }

    /// <summary>Always <see cref="CommandType.Text"/>.</summary>
    /// <exception cref="NotSupportedException">Set to anything else.</exception>
    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text) throw Internal.Errors.CommandType(value);
        }
    }

    /// <summary>Rows inserted or deleted by this command's statements once it has run; -1 before, or when it ran only queries.</summary>
    public override int RecordsAffected => _recordsAffected;

    private int _recordsAffected = -1;

    internal void SetRecordsAffected(int value) => _recordsAffected = value;

    /// <summary>The parameters of this command.</summary>
    public new ChronicleParameterCollection Parameters { get; } = new();

    /// <inheritdoc/>
    protected override DbParameterCollection DbParameterCollection => Parameters;

    /// <summary>True.</summary>
    public override bool CanCreateParameter => true;

    /// <inheritdoc/>
    public override DbParameter CreateParameter() => new ChronicleParameter();
}
