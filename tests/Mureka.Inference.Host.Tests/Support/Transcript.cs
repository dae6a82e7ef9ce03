using Grpc.Core;
using Mureka.Contracts.Inference.V1;

namespace Mureka.Inference.Host.Tests.Support;

/// <summary>Everything one Generate call streamed, grouped by item, with the audio objects reassembled.</summary>
public sealed class Transcript
{
    public List<GenerateResponse> Messages { get; } = [];

    public IEnumerable<GenerateResponse> For(string itemId) => Messages.Where(m => m.ItemId == itemId);

    public IReadOnlyList<ItemProgress> Progress(string itemId) => For(itemId).Where(m => m.EventCase == GenerateResponse.EventOneofCase.Progress).Select(m => m.Progress).ToList();

    public IReadOnlyList<AudioChunk> Chunks(string itemId, string obj) => For(itemId).Where(m => m.EventCase == GenerateResponse.EventOneofCase.Audio && m.Audio.Object == obj).Select(m => m.Audio).ToList();

    public byte[] Bytes(string itemId, string obj) => Chunks(itemId, obj).SelectMany(c => c.Data.ToByteArray()).ToArray();

    public ItemResult? Result(string itemId) => For(itemId).SingleOrDefault(m => m.EventCase == GenerateResponse.EventOneofCase.Result)?.Result;

    public ItemError? Error(string itemId) => For(itemId).SingleOrDefault(m => m.EventCase == GenerateResponse.EventOneofCase.Error)?.Error;

    /// <summary>When the item's first message (with any event) arrived, measured by the caller's clock.</summary>
    public Dictionary<string, TimeSpan> EndedAt { get; } = [];

    public static async Task<Transcript> ReadAsync(AsyncServerStreamingCall<GenerateResponse> call, Action<GenerateResponse>? onMessage = null)
    {
        var transcript = new Transcript();
        var started = TimeProvider.System.GetTimestamp();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            transcript.Messages.Add(message);
            if (message.EventCase is GenerateResponse.EventOneofCase.Result or GenerateResponse.EventOneofCase.Error)
            {
                transcript.EndedAt[message.ItemId] = TimeProvider.System.GetElapsedTime(started);
            }

            onMessage?.Invoke(message);
        }

        return transcript;
    }
}
