using Chronicle.Cli.Commands;

// The `chronicle` tool. Minimal for now: `sql` runs statements and prints results; `hold-lock`
// opens a database and keeps it open until stdin closes (used by tests of the cross-process lock).
return args.Length == 0 ? Usage() : args[0] switch
{
    "sql" when args.Length == 3 => SqlCommand.Run(args[1], args[2], Console.Out),
    "hold-lock" when args.Length == 2 => HoldLockCommand.Run(args[1], Console.In, Console.Out),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: chronicle sql <directory> \"<sql>\"");
    Console.Error.WriteLine("       chronicle hold-lock <directory>   (opens the database, prints 'locked', holds it until stdin closes)");
    return 2;
}
