using System.CommandLine;
using Mureka.Sdk;
using Mureka.Spec;

namespace Mureka.Cli.Commands;

/// <summary>
/// <c>mureka extend ID --duration 30s -o out.wav</c>: a track on a MurekaApi gateway continued by a given length
/// (the joined track saved, as <c>mureka generate</c> saves one), with the same progress, checks and exit codes.
/// </summary>
public static class ExtendCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "The generation to extend (it must have succeeded)." };
        var duration = new Option<string>("--duration", "-d") { Description = "How much longer: 30s, 1m, 1:30 or 45000ms.", Required = true };
        var intensity = new Option<int?>("--intensity") { Description = "The continuation's intensity, 1 (sparse) to 3 (full); the track's by default." };
        var mood = new Option<string?>("--mood") { Description = "A mood for the continuation, heard as its intensity." };
        var output = new Option<string>("--out", "-o", "--output") { Description = "Where to save the joined track (replaced only once the download is complete).", Required = true };
        var apiUrl = new Option<string?>("--api-url") { Description = $"Gateway REST base URL (default: ${GenerateCommand.ApiUrlVariable}, else {GenerateCommand.DefaultApiUrl})." };
        var apiKey = new Option<string?>("--api-key") { Description = $"API key (default: ${GenerateCommand.ApiKeyVariable})." };
        var json = new Option<bool>("--json") { Description = "Print the finished generation as JSON on stdout." };

        var command = new Command("extend", "Continue a track on a MurekaApi gateway by a given length and save the joined track.") { id };
        foreach (var option in new Option[] { duration, intensity, mood, output, apiUrl, apiKey, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var errors = new List<FieldError>();
            if (!Guid.TryParse(parse.GetRequiredValue(id), out var generationId))
            {
                errors.Add(new FieldError("id", "is not a generation id"));
            }

            if (!DurationParser.TryParseMilliseconds(parse.GetRequiredValue(duration), out var durationMs))
            {
                errors.Add(new FieldError("duration", $"'{parse.GetRequiredValue(duration)}' is not a duration; write e.g. 30s, 1m30s, 1:30 or 45000ms"));
            }

            if (errors.Count > 0)
            {
                return RenderCommand.Fail(errors);
            }

            var request = new ExtendRequest { DurationMs = checked((int)durationMs), Intensity = parse.GetValue(intensity), Mood = parse.GetValue(mood) };
            var options = new GenerateRunOptions(
                parse.GetRequiredValue(output),
                parse.GetValue(apiUrl) ?? Environment.GetEnvironmentVariable(GenerateCommand.ApiUrlVariable) ?? GenerateCommand.DefaultApiUrl,
                parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable(GenerateCommand.ApiKeyVariable),
                parse.GetValue(json));
            return await GenerateCommand.RunAsync((client, path, progress, ct) => client.ExtendWaitAndDownloadAsync(generationId, request, path, progress, ct), options, cancellationToken);
        });

        return command;
    }
}
