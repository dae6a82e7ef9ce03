using System.CommandLine;
using Npgsql;

namespace Mureka.Cli.Commands.Admin;

/// <summary>The <c>--connection</c> option every admin command shares; falls back to <c>MUREKA_DATABASE</c> so secrets stay out of shell history and the repository.</summary>
internal static class AdminDatabase
{
    public const string EnvironmentVariable = "MUREKA_DATABASE";
    public const int ExitUsage = 2;

    public static Option<string?> ConnectionOption() =>
        new("--connection", "-c") { Description = $"Npgsql connection string (default: ${EnvironmentVariable})." };

    public static string? Resolve(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) is { Length: > 0 } value ? value : Environment.GetEnvironmentVariable(EnvironmentVariable);

    public static NpgsqlDataSource? Open(ParseResult parse, Option<string?> option)
    {
        var connectionString = Resolve(parse, option);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine($"error: no database; pass --connection or set {EnvironmentVariable}");
            return null;
        }

        return NpgsqlDataSource.Create(connectionString);
    }
}
