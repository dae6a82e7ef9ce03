using System.CommandLine;
using System.Globalization;
using Mureka.Accounts;

namespace Mureka.Cli.Commands.Admin;

/// <summary><c>mureka admin plans list</c>.</summary>
internal static class PlansCommand
{
    public static Command Create()
    {
        var connection = AdminDatabase.ConnectionOption();
        var list = new Command("list", "List plans and their limits.") { connection };
        list.SetAction(async (parse, cancellationToken) =>
        {
            await using var dataSource = AdminDatabase.Open(parse, connection);
            if (dataSource is null)
            {
                return AdminDatabase.ExitUsage;
            }

            Console.WriteLine("id          quota_s  max_track_s  concurrent  req/min  priority  overage  name");
            foreach (var p in await new PlansService(dataSource).ListPlansAsync(cancellationToken))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{p.Id,-10}  {p.QuotaMs / 1000,7}  {p.MaxDurationMs / 1000,11}  {p.MaxConcurrentJobs,10}  {p.RequestsPerMinute,7}  {p.Priority,8}  {p.OveragePolicy,-7}  {p.Name}"));
            }

            return 0;
        });

        return new Command("plans", "Plans: quotas and limits.") { list };
    }
}
