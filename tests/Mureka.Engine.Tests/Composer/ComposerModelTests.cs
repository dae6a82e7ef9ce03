using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Mureka.Engine.Composer;
using Mureka.Engine.Tests.TestSupport;

namespace Mureka.Engine.Tests.Composer;

[Collection(ComposerCollection.Name)]
public sealed class ComposerModelTests(SharedModel shared)
{
    [Fact]
    public void Run_ReferencePrefix_ReproducesTorchLogits()
    {
        var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(ComposerModel.DefaultDirectory, "reference.json"))).RootElement;
        var ids = reference.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var expected = reference.GetProperty("last_logits").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var model = shared.Model;

        var inputs = new List<OrtValue> { OrtValue.CreateTensorValueFromMemory(ids, [1, ids.Length]) };
        for (var i = 0; i < model.Info.Layers * 2; i++)
        {
            inputs.Add(OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), [1, model.Info.Heads, 0, model.Info.HeadDim]));
        }

        using var runOptions = new RunOptions();
        using var outputs = model.Session.Run(runOptions, model.InputNames, inputs, model.OutputNames);
        var logits = outputs[0].GetTensorDataAsSpan<float>();
        var last = logits.Slice((ids.Length - 1) * model.Info.VocabSize, model.Info.VocabSize).ToArray();

        Assert.Equal(expected.Length, last.Length);
        var worst = expected.Zip(last, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst < 1e-3, $"largest logit difference {worst}");
        foreach (var input in inputs)
        {
            input.Dispose();
        }
    }

    [Fact]
    public void Load_MissingDirectory_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => ComposerModel.Load(Path.Combine(Path.GetTempPath(), "no-such-model-" + Guid.NewGuid())));
    }

    [Fact]
    public void Load_PreferCudaOnCpuBuild_FallsBackToCpu()
    {
        using var model = ComposerModel.Load(options: new ComposerRuntimeOptions { PreferCuda = true, IntraOpThreads = 1 });

        Assert.Equal("CPU", model.ExecutionProvider);
    }
}
