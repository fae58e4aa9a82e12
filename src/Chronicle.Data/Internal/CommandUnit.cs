using Chronicle.Sql.Execution;

namespace Chronicle.Data.Internal;

/// <summary>One SQL text with its bound parameters: a command, or one command of a batch.</summary>
/// <param name="Sql">The SQL text (one or more statements).</param>
/// <param name="Parameters">The bound parameters.</param>
/// <param name="BatchCommand">The batch command to receive <c>RecordsAffected</c>, or null for a plain command.</param>
internal sealed record CommandUnit(string Sql, SqlParameters Parameters, ChronicleBatchCommand? BatchCommand);
