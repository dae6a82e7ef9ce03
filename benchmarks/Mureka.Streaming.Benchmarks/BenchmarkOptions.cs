using System.Globalization;

namespace Mureka.Streaming.Benchmarks;

/// <summary><paramref name="Clients"/> concurrent clients, each following <c>reps</c> renders of <paramref name="Seconds"/> one after another.</summary>
public sealed record Scenario(int Clients, int Seconds)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Clients}x{Seconds}");
}

/// <summary>The command line: what to run, against which baseline.</summary>
public sealed class BenchmarkOptions
{
    public const string Usage =
        """
        usage: Mureka.Streaming.Benchmarks [options]
          --scenarios 1x15,1x30,1x60,1x180,8x30   clients x seconds; each client renders --reps tracks back to back
          --reps N                                renders per client per scenario (default 5)
          --protocols grpc,rest                   which APIs to follow renders over (default both)
          --genre jazz  --format wav              what every request asks for (fresh seeds each time)
          --baseline-ref REF                      build REF into a temporary worktree and run it as "before"
                                                  (default: the merge-base of HEAD and main, unless only --baseline-env is given)
          --baseline-env KEY=VALUE                environment for the baseline's host and gateway (repeatable),
                                                  e.g. Host__SomeOption=false; alone, the baseline is this checkout
          --after-env KEY=VALUE                   environment for the "after" stack (this checkout), repeatable
          --keep-baseline                         keep (and reuse) the baseline worktree and its build
          --json FILE                             also write every request's timestamped events as JSON
        """;

    public List<Scenario> Scenarios { get; private set; } = [new(1, 15), new(1, 30), new(1, 60), new(1, 180), new(8, 30)];

    public int Reps { get; private set; } = 5;

    public List<string> Protocols { get; private set; } = ["grpc", "rest"];

    public string Genre { get; private set; } = "jazz";

    public string Format { get; private set; } = "wav";

    public string? BaselineRef { get; private set; }

    public Dictionary<string, string> BaselineEnvironment { get; } = [];

    public Dictionary<string, string> AfterEnvironment { get; } = [];

    public bool KeepBaseline { get; private set; }

    public string? JsonPath { get; private set; }

    /// <exception cref="ArgumentException">An unknown option or a malformed value; the message says which.</exception>
    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions();
        var baselineRefGiven = false;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--scenarios":
                    options.Scenarios = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ParseScenario)];
                    break;
                case "--reps":
                    options.Reps = PositiveInt(Value(), "--reps");
                    break;
                case "--protocols":
                    options.Protocols = [.. Value().ToLowerInvariant().Split(',', StringSplitOptions.RemoveEmptyEntries)];
                    if (options.Protocols.Count == 0 || options.Protocols.Any(p => p is not ("grpc" or "rest")))
                    {
                        throw new ArgumentException("--protocols takes grpc, rest or both");
                    }

                    break;
                case "--genre":
                    options.Genre = Value();
                    break;
                case "--format":
                    options.Format = Value();
                    break;
                case "--baseline-ref":
                    options.BaselineRef = Value();
                    baselineRefGiven = true;
                    break;
                case "--baseline-env":
                    AddSetting(options.BaselineEnvironment, Value());
                    break;
                case "--after-env":
                    AddSetting(options.AfterEnvironment, Value());
                    break;
                case "--keep-baseline":
                    options.KeepBaseline = true;
                    break;
                case "--json":
                    options.JsonPath = Value();
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        // Overrides alone describe the baseline as this checkout with a switch flipped; with nothing said, "before"
        // is where this branch left main.
        if (!baselineRefGiven && options.BaselineEnvironment.Count == 0)
        {
            options.BaselineRef = "merge-base:main";
        }

        return options;
    }

    private static Scenario ParseScenario(string text)
    {
        var parts = text.Split('x');
        return parts.Length == 2
            ? new Scenario(PositiveInt(parts[0], "--scenarios"), PositiveInt(parts[1], "--scenarios"))
            : throw new ArgumentException($"--scenarios: {text} is not CLIENTSxSECONDS");
    }

    private static int PositiveInt(string text, string option) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{option}: {text} is not a positive whole number");

    private static void AddSetting(Dictionary<string, string> settings, string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"{text} is not KEY=VALUE");
        }

        settings[text[..equals]] = text[(equals + 1)..];
    }
}
