using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Chronicle.Data.Internal;

namespace Chronicle.Data;

/// <summary>
/// A parameter of a <see cref="ChronicleCommand"/>: <c>@name</c>, <c>:name</c> or <c>$name</c> in
/// SQL (the name matches with or without its prefix, case-insensitively), or positional
/// (<c>?</c>, <c>$1</c>) when <see cref="ParameterName"/> is empty.
/// <para>
/// Values: <see cref="DBNull.Value"/> for NULL; long, int, short, byte (BIGINT); double, float,
/// decimal (DOUBLE); bool; string; <see cref="DateTime"/> (kind Utc as is, Local converted to UTC,
/// Unspecified taken as UTC); <see cref="DateTimeOffset"/>; <see cref="TimeSpan"/> (an interval).
/// Any other type (Guid, byte[]...) makes execution throw a <see cref="ChronicleException"/> with
/// <see cref="ChronicleErrorCode.ParameterType"/> naming the parameter. <see cref="DbType"/> is
/// informational: the value's CLR type decides the binding. See <c>docs/provider.md</c>.
/// </para>
/// </summary>
public sealed class ChronicleParameter : DbParameter
{
    private string _name = "";
    private string _sourceColumn = "";
    private DbType? _dbType;

    /// <summary>Creates a parameter with no name and no value.</summary>
    public ChronicleParameter() { }

    /// <summary>Creates a named parameter with a value.</summary>
    /// <param name="name">The name, with or without a prefix (<c>@ : $</c>).</param>
    /// <param name="value">The value (DBNull.Value for NULL).</param>
    public ChronicleParameter(string? name, object? value)
    {
        ParameterName = name;
        Value = value;
    }

    /// <summary>The database type: the one set, or the one inferred from <see cref="Value"/>.</summary>
    public override DbType DbType
    {
        get => _dbType ?? InferDbType(Value);
        set => _dbType = value;
    }

    /// <summary>Always <see cref="ParameterDirection.Input"/>.</summary>
    /// <exception cref="ArgumentException">Set to anything but Input (Chronicle has no output parameters).</exception>
    public override ParameterDirection Direction
    {
        get => ParameterDirection.Input;
        set
        {
            if (value != ParameterDirection.Input)
                throw Internal.Errors.Direction(value);
        }
    }

    /// <inheritdoc/>
    public override bool IsNullable { get; set; }

    /// <summary>The name, as given (with or without its prefix); empty for a positional parameter.</summary>
    [AllowNull]
    public override string ParameterName
    {
        get => _name;
        set => _name = value ?? "";
    }

    /// <summary>Not used by Chronicle (kept for DbDataAdapter compatibility).</summary>
    public override int Size { get; set; }

    /// <inheritdoc/>
    [AllowNull]
    public override string SourceColumn
    {
        get => _sourceColumn;
        set => _sourceColumn = value ?? "";
    }

    /// <inheritdoc/>
    public override bool SourceColumnNullMapping { get; set; }

    /// <summary>The value; see the class remarks for the supported types. Must be set before execution.</summary>
    public override object? Value { get; set; }

    /// <summary>Forgets an explicitly set <see cref="DbType"/>, returning to inference from <see cref="Value"/>.</summary>
    public override void ResetDbType() => _dbType = null;

    private static DbType InferDbType(object? value) => value switch
    {
        long or ulong or uint => DbType.Int64,
        int or ushort => DbType.Int32,
        short or sbyte => DbType.Int16,
        byte => DbType.Byte,
        double or float or decimal => DbType.Double,
        bool => DbType.Boolean,
        DateTime => DbType.DateTime,
        DateTimeOffset => DbType.DateTimeOffset,
        TimeSpan => DbType.Time,
        _ => DbType.String,
    };
}
