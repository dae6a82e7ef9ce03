using System.Runtime.CompilerServices;
using Mureka.Contracts.Api.V1;

namespace Mureka.Gateway.Generations;

/// <summary>
/// Follows one generation until it is finished, for every streaming answer (gRPC <c>StreamGeneration</c>, REST
/// server-sent events): live progress and mix audio in order while this replica runs it, otherwise its status each
/// time it changes (polled, switching to live events as soon as it runs here).
/// </summary>
public sealed class GenerationFollower(GenerationService generations, GenerationEventHub hub, TimeProvider timeProvider)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Progress and audio messages until the job finished; <paramref name="following"/> then holds the finished
    /// generation, or null when it no longer exists for the caller.
    /// </summary>
    public async IAsyncEnumerable<StreamGenerationResponse> FollowAsync(Guid tenantId, GenerationView start, Following following, [EnumeratorCancellation] CancellationToken ct)
    {
        var view = start;
        var id = view.Record.Id;
        string? lastStatus = null;
        while (!view.Record.IsFinished)
        {
            if (hub.Subscribe(id) is { } live)
            {
                // This replica runs the job: replay what was published so far, then follow it live.
                await foreach (var message in live.ReadAllAsync(ct))
                {
                    if (message.EventCase == StreamGenerationResponse.EventOneofCase.Audio)
                    {
                        // Only the next bytes in order (a retried render starts again at offset 0).
                        if (message.Audio.Offset != following.AudioOffset)
                        {
                            continue;
                        }

                        following.AudioOffset += message.Audio.Data.Length;
                    }

                    yield return message;
                }
            }
            else
            {
                if (view.Record.Status != lastStatus)
                {
                    lastStatus = view.Record.Status;
                    yield return new StreamGenerationResponse { Progress = new GenerationProgress { Status = GenerationMapper.ToProto(lastStatus), Stage = lastStatus } };
                }

                // Queued, or running on another replica: poll, and subscribe as soon as it runs here.
                await Task.Delay(PollInterval, timeProvider, ct);
            }

            if (await generations.GetAsync(tenantId, id, ct) is not { } next)
            {
                yield break;
            }

            view = next;
        }

        following.Finished = view;
    }
}

/// <summary>What a <see cref="GenerationFollower"/> has passed on so far.</summary>
public sealed class Following
{
    /// <summary>Mix audio bytes passed on in order; the rest comes from the stored file.</summary>
    public long AudioOffset { get; set; }

    /// <summary>Set when the generation finished; null when it no longer exists for the caller.</summary>
    public GenerationView? Finished { get; set; }
}
