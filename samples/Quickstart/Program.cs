// Chronicle quickstart: creates a database (in a temporary directory, or the one given as the
// first argument), loads two real data sets from data/, and answers questions about them.
//
//   dotnet run --project samples/Quickstart [directory]

using Quickstart;

var directory = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "chronicle-quickstart-" + Guid.NewGuid().ToString("N")[..8]);
await QuickstartApp.RunAsync(directory, Console.Out);
