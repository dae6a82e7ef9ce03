namespace Mureka.Engine;

public enum RenderStage
{
    Composing,
    Arranging,
    Rendering,
    Mastering,
    Encoding,
    Done,
}

/// <summary>Overall progress in [0, 1] and the stage currently running.</summary>
public readonly record struct RenderProgress(RenderStage Stage, double Fraction);
